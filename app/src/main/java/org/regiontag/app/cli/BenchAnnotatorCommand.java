package org.regiontag.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.bench.AnnotatorBenchmark;
import org.regiontag.engine.bench.AnnotatorReport;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.train.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regiontag bench annotator DIR}: simulates an annotator guided by suggestions against one who
 * reviews every cell in order, and prints both as Markdown.
 */
@Command(name = "annotator", resourceBundle = "org.regiontag.app.cli.BenchAnnotatorCommand",
        mixinStandardHelpOptions = true, sortOptions = false)
public final class BenchAnnotatorCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.BenchAnnotatorCommand",
            BenchAnnotatorCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Option(names = "--rounds", defaultValue = "5", paramLabel = "N", descriptionKey = "rounds")
    int rounds;

    @Option(names = "--reviews", defaultValue = "100", paramLabel = "N", descriptionKey = "reviews")
    int reviews;

    @Option(names = "--steps", defaultValue = "200", paramLabel = "N", descriptionKey = "steps")
    int steps;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", descriptionKey = "seed")
    int seed;

    @Override
    public Integer call() throws Exception {
        if (rounds < 0 || reviews < 1) {
            throw new org.regiontag.db.UserInputException(MESSAGES.format("invalid", rounds, reviews));
        }
        TrainingConfig config = TrainingConfig.defaults().toBuilder().stepsWithProportionalWarmup(steps)
                .seed(seed).build();
        JobProgressPrinter progress = JobProgressPrinter.on(spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        try (Project project = Project.open(folder);
                Backbone backbone = PipelineSupport.openBackbone(project, spec.commandLine().getErr())) {
            AnnotatorReport report = PipelineSupport.run(new AnnotatorBenchmark(project, backbone, config, rounds,
                    reviews), progress);
            out.print(report.toMarkdown());
        }
        out.flush();
        return RegionTagCommand.EXIT_OK;
    }
}
