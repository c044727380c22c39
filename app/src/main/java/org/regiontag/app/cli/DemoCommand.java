package org.regiontag.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.engine.demo.DemoProject;
import org.regiontag.engine.models.EmbeddedModel;
import org.regiontag.engine.pipeline.AnnotatorRounds;
import org.regiontag.engine.pipeline.ExtractFeatures;
import org.regiontag.engine.pipeline.ExtractionResult;
import org.regiontag.engine.pipeline.FineTune;
import org.regiontag.engine.pipeline.RoundMetrics;
import org.regiontag.engine.pipeline.RoundSummary;
import org.regiontag.engine.pipeline.Suggest;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.project.ProjectSettings;
import org.regiontag.engine.train.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regiontag demo [DIR] [--headless [--json]]}: builds a demo project of generated scenes,
 * extracts its features, scores round 0 and either opens the application on it or runs the
 * annotation loop with a simulated annotator.
 *
 * <p>Round 0 is prompt scoring by the frozen backbone before any training. The demo model was
 * pretrained on the same 12 categories, so on the demo it is not zero-shot in CLIP's sense.
 *
 * <p>The JSON form ({@code --headless --json}) is one object with one entry per round, every score
 * in percent and {@code null} where it cannot be computed:
 * <pre>
 * {"rounds": [{"round": 0, "map": 85.3, "pseudo_precision": 97.2, "pseudo_recall": 48.0, "decisions": 100}, ...]}
 * </pre>
 * {@code decisions} counts the simulated annotator's decisions on that round's suggestions.
 */
@Command(name = "demo", resourceBundle = "org.regiontag.app.cli.DemoCommand", mixinStandardHelpOptions = true,
        sortOptions = false,
        // NOTE: sub-commands of demo, such as demo pretrain, go here. Picocli matches a sub-command's
        // name before the DIR parameter, so DIR cannot be a bare folder name equal to a sub-command's.
        subcommands = {DemoPretrainCommand.class})
public final class DemoCommand implements Callable<Integer> {

    /** The folder of the demo project when none is given, relative to the working directory. */
    public static final String DEFAULT_FOLDER = "regiontag-demo";
    /** The name recorded with the simulated annotator's decisions. */
    static final String ANNOTATOR = "simulated-annotator";

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.DemoCommand",
            DemoCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = DEFAULT_FOLDER, paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Option(names = "--headless", descriptionKey = "headless")
    boolean headless;

    @Option(names = "--json", descriptionKey = "json")
    boolean json;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", descriptionKey = "rounds")
    int rounds;

    @Option(names = "--decisions", defaultValue = "100", paramLabel = "N", descriptionKey = "decisions")
    int decisions;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", descriptionKey = "seed")
    int seed;

    @Option(names = "--train-images", defaultValue = "600", paramLabel = "N", descriptionKey = "trainImages")
    int trainImages;

    @Option(names = "--test-images", defaultValue = "200", paramLabel = "N", descriptionKey = "testImages")
    int testImages;

    @Option(names = "--keep-proportion", defaultValue = "0.2", paramLabel = "P", descriptionKey = "keepProportion")
    double keepProportion;

    @Option(names = "--image-size", defaultValue = "224", paramLabel = "PX", descriptionKey = "imageSize")
    int imageSize;

    @Option(names = "--steps", paramLabel = "N", descriptionKey = "steps")
    Integer steps;

    @Option(names = "--model", defaultValue = EmbeddedModel.NAME, paramLabel = "NAME|DIR", descriptionKey = "model")
    String model;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu", descriptionKey = "device")
    String device;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JobProgressPrinter progress = JobProgressPrinter.on(err);
        Path target = folder.toAbsolutePath().normalize();
        boolean existing = DemoProject.checkFolder(target);

        Project project = existing ? Project.open(target) : null;
        try {
            BackboneSettings settings = existing ? ProjectSettings.read(project.database())
                    : BackboneSettings.defaults().withModel(model).withDevice(device);
            // Opening the backbone first resolves the model, so a missing one fails before anything is written.
            try (Backbone backbone = PipelineSupport.openBackbone(settings)) {
                if (existing) {
                    status(out, MESSAGES.format("reusing", target));
                } else {
                    DemoProject.Spec demo = new DemoProject.Spec(trainImages, testImages, keepProportion, seed,
                            imageSize);
                    project = PipelineSupport.run((listener, token) -> DemoProject.create(target, demo, settings,
                            CommandSupport.actor(), listener, token), progress);
                    status(out, MESSAGES.format("built", target, trainImages, 100 * keepProportion, testImages,
                            imageSize, seed));
                }
                ExtractionResult extraction = PipelineSupport.run(new ExtractFeatures(project, backbone), progress);
                status(out, MESSAGES.format("extracted", extraction.extracted(), extraction.alreadyCached(),
                        backbone.modelName(), extraction.device()));

                if (headless) {
                    runHeadless(project, backbone, out, progress);
                    return RegionTagCommand.EXIT_OK;
                }
                prepareForApplication(project, backbone, out, progress);
            }
        } finally {
            if (project != null) {
                project.close();
            }
        }
        return applicationOpener.open(target, out, err);
    }

    private void validate() {
        if (json && !headless) {
            throw new UserInputException(MESSAGES.format("jsonWithoutHeadless"));
        }
        if (rounds < 0 || decisions < 0) {
            throw new UserInputException(MESSAGES.format("negative", rounds, decisions));
        }
        if (steps != null && steps < 1) {
            throw new UserInputException(MESSAGES.format("steps.invalid", steps));
        }
    }

    /** Prints a line about the demo's progress, except in the JSON form, whose output is the JSON object only. */
    private void status(PrintWriter out, String line) {
        if (!json) {
            out.println(line);
            out.flush();
        }
    }

    private TrainingConfig config() {
        TrainingConfig.Builder builder = TrainingConfig.defaults().toBuilder().seed(seed);
        if (steps != null) {
            builder.stepsWithProportionalWarmup(steps);
        }
        return builder.build();
    }

    private void runHeadless(Project project, Backbone backbone, PrintWriter out, JobProgressPrinter progress)
            throws Exception {
        AnnotatorRounds loop = new AnnotatorRounds(project, backbone, config(), rounds, decisions, ANNOTATOR,
                summary -> status(out, roundLine(summary.round(), summary.map(), summary.pseudoPrecision(),
                        summary.pseudoRecall(), summary.evalSet()) + MESSAGES.format("reviewed",
                        summary.review().decisions(), summary.review().accepted(), summary.review().rejected(),
                        summary.review().labelled())));
        List<RoundSummary> summaries = PipelineSupport.run(loop, progress);
        if (json) {
            printJson(out, summaries);
        }
    }

    /** Scores round 0 when the project has no model version yet, and trains a first round when none is trained. */
    private void prepareForApplication(Project project, Backbone backbone, PrintWriter out,
            JobProgressPrinter progress) throws Exception {
        if (ModelVersions.findLatest(project).isEmpty()) {
            PipelineSupport.run(new Suggest(project, backbone), progress);
            printLatest(project, out);
        }
        if (latestMetrics(project).round() == 0) {
            PipelineSupport.run(new FineTune(project, backbone, config()), progress);
            printLatest(project, out);
        }
    }

    private void printLatest(Project project, PrintWriter out) {
        RoundMetrics metrics = latestMetrics(project);
        status(out, roundLine(metrics.round(), metrics.map(), metrics.plPrecision(), metrics.plRecall(),
                metrics.evalSet()));
    }

    private static RoundMetrics latestMetrics(Project project) {
        Optional<ModelVersion> latest = ModelVersions.findLatest(project);
        String stored = latest.map(ModelVersion::metrics).orElse(null);
        return RoundMetrics.fromJson(stored == null ? "{}" : stored);
    }

    private static String roundLine(int round, Double map, Double precision, Double recall, String evalSet) {
        String name = round == 0 ? MESSAGES.format("round.promptScoring") : MESSAGES.format("round.trained", round);
        return MESSAGES.format("round", name, percent(map), evalSet, percent(precision), percent(recall));
    }

    private static String percent(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    /** Opens the application on a project folder and returns the exit status. */
    @FunctionalInterface
    interface ApplicationOpener {
        int open(Path target, PrintWriter out, PrintWriter err);
    }

    /**
     * The opener of the application after the demo is built: the {@code gui} command. JavaFX starts
     * an application only once per process, so tests that run the demo in the test process replace
     * it, and a test that runs {@code gui DIR} as its own process checks the real one.
     */
    static volatile ApplicationOpener applicationOpener = DemoCommand::openApplication;

    /** Opens the application on the project through the {@code gui} command, when this build has it. */
    private static int openApplication(Path target, PrintWriter out, PrintWriter err) {
        CommandLine root = RegionTagCommand.newCommandLine();
        if (!root.getSubcommands().containsKey("gui")) {
            err.println(MESSAGES.format("noGui", target));
            err.flush();
            return RegionTagCommand.EXIT_OK;
        }
        root.setOut(out);
        root.setErr(err);
        return root.execute("gui", target.toString());
    }

    private static void printJson(PrintWriter out, List<RoundSummary> summaries) throws IOException {
        try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            generator.writeStartObject();
            generator.writeArrayFieldStart("rounds");
            for (RoundSummary summary : summaries) {
                generator.writeStartObject();
                generator.writeNumberField("round", summary.round());
                number(generator, "map", summary.map());
                number(generator, "pseudo_precision", summary.pseudoPrecision());
                number(generator, "pseudo_recall", summary.pseudoRecall());
                generator.writeNumberField("decisions", summary.review().decisions());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        }
        out.println();
        out.flush();
    }

    /** Writes a number, or null for a missing or NaN one (JSON has no NaN). */
    private static void number(JsonGenerator generator, String name, Double value) throws IOException {
        if (value == null || value.isNaN()) {
            generator.writeNullField(name);
        } else {
            generator.writeNumberField(name, value);
        }
    }
}
