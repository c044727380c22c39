package org.regiontag.app.services;

import java.nio.file.Path;
import java.util.Optional;
import org.regiontag.db.Project;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.engine.demo.DemoProject;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.models.EmbeddedModel;
import org.regiontag.engine.pipeline.Evaluate;
import org.regiontag.engine.pipeline.EvaluationReport;
import org.regiontag.engine.pipeline.ExtractFeatures;
import org.regiontag.engine.pipeline.ExtractionResult;
import org.regiontag.engine.pipeline.FineTune;
import org.regiontag.engine.pipeline.FineTuneResult;
import org.regiontag.engine.pipeline.RoundMetrics;
import org.regiontag.engine.pipeline.Suggest;
import org.regiontag.engine.pipeline.SuggestResult;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.project.ProjectSettings;
import org.regiontag.engine.train.TrainingConfig;

/**
 * The engine's jobs on the project's backbone: {@link ExtractFeatures}, a {@link FineTune} round
 * followed by {@link Suggest}, {@link Suggest} and {@link Evaluate} alone, and the heatmaps of
 * {@link EngineHeatmaps}. Each job loads its own
 * backbone and closes it when it ends, so a job never depends on the heatmaps' copy, which the
 * window may close while the job runs.
 */
public final class DefaultEngineJobs implements EngineJobs {

    /**
     * The demo project of the start page: the defaults of {@code regiontag demo}, so that both build
     * the same project.
     */
    public static final DemoProject.Spec DEMO_SPEC = new DemoProject.Spec(600, 200, 0.2, 1, 224);

    private final ProjectBackbones backbones;
    private final TrainingConfig trainingConfig;
    private final DemoProject.Spec demoSpec;
    private final String demoModel;

    /** Creates the jobs of the installed application: models from the user's cache, the default training round. */
    public DefaultEngineJobs() {
        this(ProjectBackbones.forUser(), TrainingConfig.defaults());
    }

    /**
     * Creates the jobs with the demo project of {@link #DEMO_SPEC} on the embedded demo model.
     *
     * @param backbones loads the backbones
     * @param trainingConfig the configuration of every fine-tuning round
     */
    public DefaultEngineJobs(ProjectBackbones backbones, TrainingConfig trainingConfig) {
        this(backbones, trainingConfig, DEMO_SPEC, EmbeddedModel.NAME);
    }

    /**
     * @param backbones loads the backbones
     * @param trainingConfig the configuration of every fine-tuning round; the demo's first round
     *     uses it with the demo's seed
     * @param demoSpec the dataset of the demo project
     * @param demoModel the model name or folder of the demo project's backbone
     */
    public DefaultEngineJobs(ProjectBackbones backbones, TrainingConfig trainingConfig, DemoProject.Spec demoSpec,
            String demoModel) {
        this.backbones = backbones;
        this.trainingConfig = trainingConfig;
        this.demoSpec = demoSpec;
        this.demoModel = demoModel;
    }

    @Override
    public Optional<Job<String>> fineTune(Project project, String device) {
        return Optional.of((listener, token) -> {
            BackboneSettings settings = ProjectSettings.read(project.database()).withDevice(device);
            try (Backbone backbone = backbones.open(settings)) {
                FineTuneResult round = new FineTune(project, backbone, trainingConfig).run(listener, token);
                // Decisions made while the round trained change the calibration on known cells, so
                // the new version's suggestions are computed again on the labels as they are now.
                SuggestResult suggestions = new Suggest(project, backbone).run(listener, token);
                String quality = round.metrics().map() == null ? ""
                        : Messages.format("fineTune.map", round.metrics().map());
                return Messages.format("fineTune.outcome", round.round(), round.modelVersionId(),
                        round.trainingImages(), suggestions.stored(), quality);
            }
        });
    }

    @Override
    public Optional<Job<String>> extractFeatures(Project project, String model, String device) {
        return Optional.of((listener, token) -> {
            BackboneSettings settings = ProjectSettings.read(project.database()).withModel(model).withDevice(device);
            try (Backbone backbone = backbones.open(settings)) {
                ProjectSettings.write(project.database(), settings);
                ExtractionResult result = new ExtractFeatures(project, backbone).run(listener, token);
                String outcome = Messages.format("extract.outcome", result.extracted(), model, result.alreadyCached(),
                        result.damaged() + result.missing() + result.changed());
                if (ModelVersions.findLatest(project).isEmpty()) {
                    // A project without a model version gets the zero-shot suggestions at once.
                    SuggestResult seeded = new Suggest(project, backbone).run(listener, token);
                    outcome += " " + Messages.format("extract.seeded", seeded.stored());
                }
                return outcome;
            }
        });
    }

    @Override
    public Optional<Job<String>> suggest(Project project, String device) {
        return Optional.of((listener, token) -> {
            BackboneSettings settings = ProjectSettings.read(project.database()).withDevice(device);
            try (Backbone backbone = backbones.open(settings)) {
                SuggestResult result = new Suggest(project, backbone).run(listener, token);
                return Messages.format(result.zeroShot() ? "suggest.zeroShot" : "suggest.outcome", result.stored(),
                        result.modelVersionId(), result.round());
            }
        });
    }

    @Override
    public Optional<Job<String>> evaluate(Project project, String device) {
        return Optional.of((listener, token) -> {
            BackboneSettings settings = ProjectSettings.read(project.database()).withDevice(device);
            try (Backbone backbone = backbones.open(settings)) {
                EvaluationReport report = new Evaluate(project, backbone).run(listener, token);
                RoundMetrics metrics = report.history().get(report.history().size() - 1).metrics();
                return metrics.map() == null
                        ? Messages.format("evaluate.noCompleteLabels", report.modelVersionId())
                        : Messages.format("evaluate.outcome", report.modelVersionId(), metrics.map(), metrics.cf1(),
                                metrics.of1(), metrics.evalImages(), metrics.evalSet());
            }
        });
    }

    /**
     * Builds the demo project as {@code regiontag demo} does before it opens the application: the
     * generated scenes and their import, the features, round 0's prompt scores and a first trained
     * round. A demo project already in the folder is reused, and the steps it lacks are run.
     * Cancelling while the project is built leaves the folder empty; cancelling later keeps the
     * steps already finished.
     */
    @Override
    public Optional<Job<Path>> createDemoProject(Path folder, String actor, String device) {
        return Optional.of((listener, token) -> {
            Path target = folder.toAbsolutePath().normalize();
            boolean existing = DemoProject.checkFolder(target);
            Project project = existing ? Project.open(target) : null;
            try {
                BackboneSettings settings = existing ? ProjectSettings.read(project.database()).withDevice(device)
                        : BackboneSettings.defaults().withModel(demoModel).withDevice(device);
                // Opening the backbone first resolves the model, so a missing one fails before anything is written.
                try (Backbone backbone = backbones.open(settings)) {
                    if (!existing) {
                        project = DemoProject.create(target, demoSpec, settings, actor, listener, token);
                    }
                    new ExtractFeatures(project, backbone).run(listener, token);
                    if (ModelVersions.findLatest(project).isEmpty()) {
                        new Suggest(project, backbone).run(listener, token);
                    }
                    if (latestRound(project) == 0) {
                        TrainingConfig demoRound = trainingConfig.toBuilder().seed(Math.toIntExact(demoSpec.seed())).build();
                        new FineTune(project, backbone, demoRound).run(listener, token);
                    }
                }
            } finally {
                if (project != null) {
                    project.close();
                }
            }
            return target;
        });
    }

    private static int latestRound(Project project) {
        String metrics = ModelVersions.findLatest(project).map(ModelVersion::metrics).orElse(null);
        return RoundMetrics.fromJson(metrics == null ? "{}" : metrics).round();
    }

    @Override
    public HeatmapSource heatmaps(Project project, String device) {
        return new EngineHeatmaps(project, backbones, device);
    }
}
