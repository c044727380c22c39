package org.regiontag.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.DatasetReader;
import org.regiontag.db.io.formats.DatasetReaders;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.ImportSummary;
import org.regiontag.db.io.MissingLabelSimulation;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regiontag import DIR --format F --source PATH …}: reads a dataset source and writes it to the
 * project in one transaction.
 */
@Command(name = "import", resourceBundle = "org.regiontag.app.cli.ImportCommand", mixinStandardHelpOptions = true)
public final class ImportCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.ImportCommand",
            ImportCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", descriptionKey = "format")
    String format;

    @Option(names = "--source", required = true, paramLabel = "PATH", descriptionKey = "source")
    Path source;

    @Option(names = "--images", paramLabel = "DIR", descriptionKey = "images")
    Path images;

    @Option(names = "--split", paramLabel = "SPLIT", descriptionKey = "split")
    String split;

    @Option(names = "--keep-proportion", paramLabel = "P", descriptionKey = "keep-proportion")
    Double keepProportion;

    @Option(names = "--seed", paramLabel = "S", descriptionKey = "seed")
    Long seed;

    @Option(names = "--exhaustive", descriptionKey = "exhaustive")
    boolean exhaustive;

    @Override
    public Integer call() {
        DatasetReader reader = DatasetReaders.forFormat(format);
        Split assignedSplit = parseSplit();
        MissingLabelSimulation simulation = simulation();
        ImportOptions options = new ImportOptions(CommandSupport.actor(), exhaustive, simulation);

        try (Project project = Project.open(folder)) {
            ParsedDataset dataset = reader.read(source, images, assignedSplit);
            PrintWriter err = spec.commandLine().getErr();
            ImportSummary summary = new DatasetWriter(project.database()).write(dataset, options,
                    CommandSupport.progressOn(err, MESSAGES));
            print(spec.commandLine().getOut(), summary, project.folder());
        }
        return RegionTagCommand.EXIT_OK;
    }

    private Split parseSplit() {
        if (split == null) {
            return null;
        }
        try {
            return Split.parse(split);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(MESSAGES.format("error.split", split), e);
        }
    }

    private MissingLabelSimulation simulation() {
        if (keepProportion == null) {
            if (seed != null) {
                throw new UserInputException(MESSAGES.format("error.seedAlone"));
            }
            return null;
        }
        if (!(keepProportion >= 0.0 && keepProportion <= 1.0)) {
            throw new UserInputException(MESSAGES.format("error.proportion", keepProportion));
        }
        if (seed == null) {
            throw new UserInputException(MESSAGES.format("error.seedMissing"));
        }
        return new MissingLabelSimulation(keepProportion, seed);
    }

    private void print(PrintWriter out, ImportSummary summary, Path project) {
        out.println(MESSAGES.format("summary.title", summary.format(), summary.source(), project));
        detail(out, MESSAGES.format("summary.root", summary.root()));
        detail(out, MESSAGES.format("summary.images", summary.imagesAdded(), summary.imagesUpdated()));
        detail(out, summary.categoriesAdded().isEmpty() ? MESSAGES.format("summary.noCategories")
                : MESSAGES.format("summary.categories", summary.categoriesAdded().size(),
                        String.join(", ", summary.categoriesAdded())));
        detail(out, MESSAGES.format("summary.labels", summary.labelsAdded(), summary.labelsChanged(),
                summary.labelsUnchanged(), summary.labelsKeptAsDecided()));
        if (keepProportion != null) {
            detail(out, MESSAGES.format("summary.simulation", summary.completeLabels() - summary.cellsHidden(),
                    summary.completeLabels(), keepProportion, seed));
        }
        printProblems(out, "summary.missing", summary.missingImages());
        printProblems(out, "summary.damaged", summary.damagedImages());
        printProblems(out, "summary.skipped", summary.skippedImages());
        for (String note : summary.notes()) {
            detail(out, MESSAGES.format("summary.note", note));
        }
    }

    /** Prints a summary line under the title, indented. */
    private static void detail(PrintWriter out, String line) {
        out.println("  " + line);
    }

    private void printProblems(PrintWriter out, String key, java.util.List<ImportSummary.ImageProblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        detail(out, MESSAGES.format(key, problems.size()));
        CommandSupport.printList(out, MESSAGES, problems, problem -> problem.path() + ": " + problem.reason());
    }
}
