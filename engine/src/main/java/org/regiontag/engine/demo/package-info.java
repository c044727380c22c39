/**
 * The synthetic scenes of the embedded demo. A deterministic generator draws images with 1 to 4
 * objects of 12 named categories over cluttered backgrounds. For each image it gives complete
 * labels, coverage masks, visible masks and captions. The package also makes batches for
 * pretraining the demo model, writes demo datasets, and scores heatmaps with the pointing game.
 *
 * <p>Entry points: {@link org.regiontag.engine.demo.SceneGenerator} (scenes, labels, renders,
 * batches, categories and prompt templates), {@link org.regiontag.engine.demo.SceneLabels}
 * (ground truth of one scene), {@link org.regiontag.engine.demo.DemoDataset} (files or a
 * {@link org.regiontag.db.io.ParsedDataset} for a project) and
 * {@link org.regiontag.engine.demo.PointingGame}. Rendering uses Java2D on in-memory images
 * only, so it works headless ({@code java.awt.headless=true}).
 */
package org.regiontag.engine.demo;
