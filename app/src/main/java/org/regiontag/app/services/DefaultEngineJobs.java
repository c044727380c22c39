package org.regiontag.app.services;

import java.nio.file.Path;
import java.util.Optional;
import org.regiontag.db.Project;
import org.regiontag.engine.job.Job;

/**
 * The engine jobs of this build. Training, suggestion, feature extraction and the demo are being
 * written beside the application; each method below is where one of them plugs in.
 */
public final class DefaultEngineJobs implements EngineJobs {

    @Override
    public Optional<Job<String>> fineTune(Project project, String device) {
        // TODO: return the FineTune job followed by Suggest (one round on the corrected labels, then new
        // suggestions from the version it writes) once the engine has them; the outcome line names the
        // new model version. Until then the application reports that fine-tuning is not available.
        return Optional.empty();
    }

    @Override
    public Optional<Job<String>> extractFeatures(Project project, String model, String device) {
        // TODO: return the ExtractFeatures job for the model and device once the engine has it.
        return Optional.empty();
    }

    @Override
    public Optional<Job<Path>> createDemoProject(Path folder) {
        // TODO: return the job behind `regiontag demo FOLDER` (demo dataset, import, demo model) once it exists.
        return Optional.empty();
    }

    @Override
    public HeatmapSource heatmaps(Project project) {
        // TODO: replace with the engine's heatmaps (text-pixel maps from the text encoder, region maps
        // from TRM-ML's region representations) once the engine provides them; these are cosine maps
        // against the stored prototypes.
        return new PrototypeHeatmaps(project);
    }

    @Override
    public RegionNeighbours neighbours(Project project) {
        // TODO: return the engine's nearest known positives by region representation (the prototypes'
        // memory) once it exposes them per image and category.
        return RegionNeighbours.NONE;
    }
}
