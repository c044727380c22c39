package org.regiontag.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.repo.CategoryCounts;
import org.regiontag.db.repo.Statistics;
import org.regiontag.db.repo.StatisticsRepository;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regiontag stats DIR [--json]}: completeness of the working labels, and of the ground truth
 * kept for evaluation.
 *
 * <p>The JSON form is one object: {@code project}, {@code images}, {@code missing_images},
 * {@code damaged_images}, {@code categories} (a list of {@code name}, {@code positive},
 * {@code negative}, {@code unknown} counts of the working labels), {@code ground_truth} ({@code null},
 * or {@code images} and {@code categories} of the same shape, unknown counted over the images that
 * have ground truth) and {@code pending_suggestions}.
 */
@Command(name = "stats", resourceBundle = "org.regiontag.app.cli.StatsCommand", mixinStandardHelpOptions = true)
public final class StatsCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.StatsCommand",
            StatsCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Option(names = "--json", descriptionKey = "json")
    boolean json;

    @Override
    public Integer call() {
        try (Project project = Project.open(folder)) {
            Statistics statistics = project.database().read(connection ->
                    new StatisticsRepository(connection).computeStatistics());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                printJson(out, project.name(), statistics);
            } else {
                printText(out, project.name(), statistics);
            }
            out.flush();
        }
        return RegionTagCommand.EXIT_OK;
    }

    private static void printJson(PrintWriter out, String name, Statistics statistics) {
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeStringField("project", name);
            json.writeNumberField("images", statistics.images());
            json.writeNumberField("missing_images", statistics.missingImages());
            json.writeNumberField("damaged_images", statistics.damagedImages());
            writeCategories(json, statistics.categories());
            if (statistics.groundTruth() == null) {
                json.writeNullField("ground_truth");
            } else {
                json.writeObjectFieldStart("ground_truth");
                json.writeNumberField("images", statistics.groundTruth().images());
                writeCategories(json, statistics.groundTruth().categories());
                json.writeEndObject();
            }
            json.writeNumberField("pending_suggestions", statistics.pendingSuggestions());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
    }

    private static void writeCategories(JsonGenerator json, List<CategoryCounts> categories) throws IOException {
        json.writeArrayFieldStart("categories");
        for (CategoryCounts counts : categories) {
            json.writeStartObject();
            json.writeStringField("name", counts.name());
            json.writeNumberField("positive", counts.positive());
            json.writeNumberField("negative", counts.negative());
            json.writeNumberField("unknown", counts.unknown());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void printText(PrintWriter out, String name, Statistics statistics) {
        out.println(MESSAGES.format("text.title", name));
        out.println(MESSAGES.format("text.images", statistics.images(), statistics.missingImages(),
                statistics.damagedImages()));
        out.println(MESSAGES.format("text.pending", statistics.pendingSuggestions()));
        printTable(out, MESSAGES.format("text.working"), statistics.categories());
        if (statistics.groundTruth() != null) {
            printTable(out, MESSAGES.format("text.groundTruth", statistics.groundTruth().images()),
                    statistics.groundTruth().categories());
        }
    }

    private static void printTable(PrintWriter out, String title, List<CategoryCounts> categories) {
        out.println();
        out.println(title);
        int width = Math.max(8, categories.stream().mapToInt(counts -> counts.name().length()).max().orElse(0));
        out.println(String.format("  %-" + width + "s %10s %10s %10s", MESSAGES.format("text.category"),
                MESSAGES.format("text.positive"), MESSAGES.format("text.negative"), MESSAGES.format("text.unknown")));
        for (CategoryCounts counts : categories) {
            out.println(String.format("  %-" + width + "s %10d %10d %10d", counts.name(), counts.positive(),
                    counts.negative(), counts.unknown()));
        }
    }
}
