package org.regiontag.app.services;

import java.nio.file.Path;
import java.util.Optional;
import org.regiontag.db.Project;
import org.regiontag.engine.job.Job;

/**
 * The engine's work that the application starts. A method returns empty when this build does not
 * have the job, and the application then reports that instead of offering it.
 */
public interface EngineJobs {

    /**
     * Returns one incremental fine-tuning round on the project's corrected labels, followed by new
     * suggestions from the new model version. The job's result is a one-line outcome for the task panel.
     *
     * @param device where to compute: {@code auto}, {@code cpu} or {@code gpu}
     */
    Optional<Job<String>> fineTune(Project project, String device);

    /**
     * Returns the extraction of backbone features for every image of the project that lacks them.
     *
     * @param model the model's name or folder, as {@code --model} takes it
     * @param device where to compute
     */
    Optional<Job<String>> extractFeatures(Project project, String model, String device);

    /**
     * Returns new suggestions from the newest model version (or the zero-shot scores before any
     * training), calibrated on the labels as they are now. The job's result is a one-line outcome.
     *
     * @param device where to compute
     */
    Optional<Job<String>> suggest(Project project, String device);

    /**
     * Returns the evaluation of the newest model version against the complete labels, stored in
     * its metrics. The job's result is a one-line outcome.
     *
     * @param device where to compute
     */
    Optional<Job<String>> evaluate(Project project, String device);

    /**
     * Returns the creation of the demo project in {@code folder}, with its features and a first
     * trained round. The job's result is the project folder.
     *
     * @param actor the name recorded with the imported labels
     * @param device where to compute
     */
    Optional<Job<Path>> createDemoProject(Path folder, String actor, String device);

    /**
     * Returns the heatmaps of a project; the caller closes the source when the project closes.
     *
     * @param device where to compute: {@code auto}, {@code cpu} or {@code gpu}
     */
    HeatmapSource heatmaps(Project project, String device);
}
