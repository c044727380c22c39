package org.regiontag.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.engine.bench.AblationBenchmark;
import org.regiontag.engine.bench.AblationConfig;
import org.regiontag.engine.bench.AblationReport;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.train.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regiontag bench ablation DIR --proportions 0.1,0.2,0.3,0.4,0.5}: trains every ablation
 * configuration at every known-label proportion and prints the tables as Markdown.
 */
@Command(name = "ablation", resourceBundle = "org.regiontag.app.cli.BenchAblationCommand",
        mixinStandardHelpOptions = true, sortOptions = false)
public final class BenchAblationCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Option(names = "--proportions", split = ",", defaultValue = "0.1,0.2,0.3,0.4,0.5", paramLabel = "P,P,...",
            descriptionKey = "proportions")
    List<Double> proportions;

    @Option(names = "--steps", defaultValue = "200", paramLabel = "N", descriptionKey = "steps")
    int steps;

    @Option(names = "--rounds", defaultValue = "2", paramLabel = "N", descriptionKey = "rounds")
    int rounds;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", descriptionKey = "seed")
    long seed;

    @Override
    public Integer call() throws Exception {
        TrainingConfig base = TrainingConfig.defaults().toBuilder().stepsWithProportionalWarmup(steps)
                .seed((int) seed).build();
        JobProgressPrinter progress = JobProgressPrinter.on(spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        try (Project project = Project.open(folder);
                Backbone backbone = PipelineSupport.openBackbone(project, spec.commandLine().getErr())) {
            AblationReport report = PipelineSupport.run(new AblationBenchmark(project, backbone, proportions,
                    AblationConfig.standard(base), rounds, seed), progress);
            out.print(report.toMarkdown());
        }
        out.flush();
        return RegionTagCommand.EXIT_OK;
    }
}
