/**
 * What the application needs from the engine, as interfaces with the implementations of this build:
 * heatmaps ({@link org.regiontag.app.services.HeatmapSource}), the images nearest to a suggestion
 * ({@link org.regiontag.app.services.RegionNeighbours}) and the engine's jobs
 * ({@link org.regiontag.app.services.EngineJobs}). View models call these; views never do.
 */
package org.regiontag.app.services;
