package org.regiontag.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.pipeline.FineTune;
import org.regiontag.engine.pipeline.FineTuneResult;
import org.regiontag.engine.pipeline.RoundMetrics;
import org.regiontag.engine.pipeline.SuggestionPlanner;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.train.Matching;
import org.regiontag.engine.train.PseudoLabelScore;
import org.regiontag.engine.train.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regiontag train DIR [--steps N] [--matching region|pixel|image] [--no-kd] [--no-prototypes]
 * [--no-contrastive] [--no-prior] [--pseudo-labels fused|probability]}: trains one round from the newest model version on the labels as they are
 * now, saves it as a new version and regenerates the suggestions.
 */
@Command(name = "train", resourceBundle = "org.regiontag.app.cli.TrainCommand", mixinStandardHelpOptions = true,
        sortOptions = false)
public final class TrainCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.TrainCommand",
            TrainCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Option(names = "--steps", paramLabel = "N", descriptionKey = "steps")
    Integer steps;

    @Option(names = "--matching", paramLabel = "region|pixel|image", descriptionKey = "matching")
    String matching;

    @Option(names = "--no-kd", descriptionKey = "noKd")
    boolean noDistillation;

    @Option(names = "--no-prototypes", descriptionKey = "noPrototypes")
    boolean noPrototypes;

    @Option(names = "--no-contrastive", descriptionKey = "noContrastive")
    boolean noContrastive;

    @Option(names = "--no-prior", descriptionKey = "noPrior")
    boolean noPrior;

    @Option(names = "--pseudo-labels", paramLabel = "fused|probability", descriptionKey = "pseudoLabels")
    String pseudoLabels;

    @Option(names = "--batch-size", paramLabel = "N", descriptionKey = "batchSize")
    Integer batchSize;

    @Option(names = "--seed", paramLabel = "S", descriptionKey = "seed")
    Integer seed;

    @Override
    public Integer call() throws Exception {
        TrainingConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        JobProgressPrinter progress = JobProgressPrinter.on(spec.commandLine().getErr());
        try (Project project = Project.open(folder);
                Backbone backbone = PipelineSupport.openBackbone(project, spec.commandLine().getErr())) {
            FineTuneResult result = PipelineSupport.run(new FineTune(project, backbone, config), progress);
            print(out, result);
        }
        out.flush();
        return RegionTagCommand.EXIT_OK;
    }

    /** The default config with the command's options. */
    TrainingConfig config() {
        TrainingConfig.Builder builder = TrainingConfig.defaults().toBuilder()
                .distillation(!noDistillation).prototypes(!noPrototypes).contrastive(!noContrastive)
                .promptPrior(!noPrior);
        if (matching != null) {
            builder.matching(Matching.parse(matching));
        }
        if (pseudoLabels != null) {
            builder.pseudoLabelScore(PseudoLabelScore.parse(pseudoLabels));
        }
        if (steps != null) {
            builder.stepsWithProportionalWarmup(steps);
        }
        if (batchSize != null) {
            builder.batchSize(batchSize);
        }
        if (seed != null) {
            builder.seed(seed);
        }
        return builder.build();
    }

    private static void print(PrintWriter out, FineTuneResult result) {
        if (!result.notStartedFromNewest().isEmpty()) {
            out.println(MESSAGES.format("fresh", String.join("; ", result.notStartedFromNewest())));
        }
        out.println(result.parentId() == null
                ? MESSAGES.format("round", result.round(), result.modelVersionId(), result.metrics().steps(),
                        result.trainingImages())
                : MESSAGES.format("roundFrom", result.round(), result.modelVersionId(), result.parentId(),
                        result.metrics().steps(), result.trainingImages()));
        out.println(MESSAGES.format("loss", result.lastLoss().total(), result.lastLoss().classification(),
                result.lastLoss().distillation(), result.lastLoss().pseudoLabel(), result.lastLoss().contrastive()));
        RoundMetrics metrics = result.metrics();
        if (metrics.map() != null) {
            out.println(MESSAGES.format("metrics", metrics.map(), metrics.cf1(), metrics.of1(), metrics.evalImages(),
                    metrics.evalSet()));
        }
        if (metrics.plPrecision() != null || metrics.plRecall() != null) {
            out.println(MESSAGES.format("pseudo", text(metrics.plPrecision()), text(metrics.plRecall()),
                    text(metrics.plAccuracy())));
        }
        SuggestionPlanner.Counts counts = result.counts();
        out.println(MESSAGES.format("suggestions", result.stored(), counts.positive(), counts.negative(),
                counts.none(), counts.possibleErrors()));
        if (result.imagesWithoutFeatures() > 0) {
            out.println(MESSAGES.format("withoutFeatures", result.imagesWithoutFeatures()));
        }
    }

    private static String text(Double percent) {
        return percent == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f", percent);
    }
}
