package org.regiontag.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.export.ExportFormat;
import org.regiontag.db.io.export.ExportOptions;
import org.regiontag.db.io.export.ExportSummary;
import org.regiontag.db.io.export.LabelExporter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code regiontag export DIR --format F [--out PATH] [--provenance]}: writes the working labels. */
@Command(name = "export", resourceBundle = "org.regiontag.app.cli.ExportCommand", mixinStandardHelpOptions = true)
public final class ExportCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.ExportCommand",
            ExportCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", descriptionKey = "format")
    String format;

    @Option(names = "--out", paramLabel = "PATH", descriptionKey = "out")
    Path out;

    @Option(names = "--provenance", descriptionKey = "provenance")
    boolean provenance;

    @Override
    public Integer call() {
        ExportFormat exportFormat = ExportFormat.fromCliName(format);
        try (Project project = Project.open(folder)) {
            Path target = out != null ? out : project.exportsFolder().resolve(exportFormat.defaultTarget());
            ExportSummary summary = new LabelExporter(project.database(), project.name())
                    .export(exportFormat, target, new ExportOptions(provenance));

            for (String warning : summary.warnings()) {
                spec.commandLine().getErr().println(MESSAGES.format("warning", warning));
            }
            var output = spec.commandLine().getOut();
            output.println(MESSAGES.format("exported", summary.images(), summary.categories(), summary.positive(),
                    summary.negative(), summary.target()));
            output.println(summary.imageRoot() != null
                    ? MESSAGES.format("relativeTo", summary.imageRoot())
                    : MESSAGES.format("absolutePaths"));
        }
        return RegionTagCommand.EXIT_OK;
    }
}
