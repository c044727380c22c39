package org.regiontag.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.Djl;
import org.regiontag.engine.demo.pretrain.DemoModelEvaluation;
import org.regiontag.engine.demo.pretrain.DemoPretrainer;
import org.regiontag.engine.demo.pretrain.PretrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code regiontag demo pretrain --out DIR [--minutes M | --steps N] [--seed S] [--resume]
 * [--device auto|cpu|gpu]}: pretrains the demo's tiny CLIP on generated scenes and writes a
 * checkpoint folder that {@code --model DIR} and the embedded demo model read.
 */
@Command(name = "pretrain", resourceBundle = "org.regiontag.app.cli.DemoPretrainCommand",
        mixinStandardHelpOptions = true, sortOptions = false)
public final class DemoPretrainCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.DemoPretrainCommand",
            DemoPretrainCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", descriptionKey = "out")
    Path out;

    @Option(names = "--minutes", paramLabel = "M", descriptionKey = "minutes")
    Double minutes;

    @Option(names = "--steps", paramLabel = "N", descriptionKey = "steps")
    Integer steps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + PretrainConfig.DEFAULT_SEED,
            descriptionKey = "seed")
    long seed;

    @Option(names = "--resume", descriptionKey = "resume")
    boolean resume;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "cpu", descriptionKey = "device")
    String device;

    @Override
    public Integer call() throws Exception {
        PretrainConfig config = config();
        DemoPretrainer.Result result = new DemoPretrainer(config, out, Djl.device(device)).run(resume);
        DemoModelEvaluation evaluation = result.evaluation();
        PrintWriter printer = spec.commandLine().getOut();
        printer.println(MESSAGES.format("done", out, result.steps(), result.trainingSeconds() / 60));
        printer.println(MESSAGES.format("evaluation", evaluation.images(), evaluation.meanAveragePrecision(),
                evaluation.pixelPointing(), evaluation.pixelBaseline(), evaluation.pointingTrials()));
        printer.flush();
        return RegionTagCommand.EXIT_OK;
    }

    /** Builds the default recipe with the command's run length and seed. */
    PretrainConfig config() {
        if (steps != null && minutes != null) {
            throw new UserInputException(MESSAGES.format("length.both"));
        }
        if (steps != null && steps < 1) {
            throw new UserInputException(MESSAGES.format("steps.invalid", steps));
        }
        if (minutes != null && !(minutes > 0)) {
            throw new UserInputException(MESSAGES.format("minutes.invalid", minutes));
        }
        if (steps == null && minutes == null && !resume) {
            throw new UserInputException(MESSAGES.format("length.missing"));
        }
        // Neither length (only with --resume) keeps the saved run's own length.
        return PretrainConfig.defaults(seed, steps == null ? 0 : steps, minutes == null ? 0 : minutes);
    }
}
