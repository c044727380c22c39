package org.regiontag.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.eval.ClassificationMetrics;
import org.regiontag.engine.eval.PseudoLabelQuality;
import org.regiontag.engine.pipeline.Evaluate;
import org.regiontag.engine.pipeline.EvaluationReport;
import org.regiontag.engine.pipeline.EvaluationResult;
import org.regiontag.engine.pipeline.RoundMetrics;
import org.regiontag.engine.project.Backbone;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regiontag eval DIR [--json]}: evaluates the newest model version against the complete
 * labels, stores the result with the version, and prints it with the history of every round.
 *
 * <p>The JSON form is one object; every score is in percent, and a value that cannot be computed is
 * {@code null}:
 * <pre>
 * {"model_version": 5, "round": 2, "kind": "trained", "eval_set": "test", "eval_images": 500,
 *  "map": 85.3, "cf1": 71.2, "of1": 75.0, "cp": 80.1, "cr": 64.1, "op": 82.0, "or": 69.1,
 *  "per_category": [{"category": "cat", "ap": 91.2}, ...],
 *  "pl_precision": 97.1, "pl_recall": 55.2, "pl_accuracy": 31.0, "pl_negative_precision": 99.2,
 *  "pl_coverage": 80.4, "pl_unknown_cells": 12000, "pl_images": 900,
 *  "history": [{"model_version": 1, "parent": null, "created_at": "...", "round": 0, "kind": "zero-shot",
 *               "steps": 0, "final_loss": null, "map": 60.2, "cf1": .., "of1": .., "pl_precision": ..,
 *               "pl_recall": .., "pl_accuracy": .., "eval_set": "test", "eval_images": 500}, ...]}
 * </pre>
 * {@code per_category} lists every category in display order, {@code ap} {@code null} for one
 * without a positive cell among the evaluated images. {@code history} lists every model version,
 * oldest first, from its stored metrics.
 */
@Command(name = "eval", resourceBundle = "org.regiontag.app.cli.EvalCommand", mixinStandardHelpOptions = true)
public final class EvalCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.EvalCommand",
            EvalCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Option(names = "--json", descriptionKey = "json")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JobProgressPrinter progress = JobProgressPrinter.on(spec.commandLine().getErr());
        try (Project project = Project.open(folder); Backbone backbone = PipelineSupport.openBackbone(project)) {
            EvaluationReport report = PipelineSupport.run(new Evaluate(project, backbone), progress);
            if (json) {
                printJson(out, report);
            } else {
                printText(out, report);
            }
        }
        out.flush();
        return RegionTagCommand.EXIT_OK;
    }

    private static void printText(PrintWriter out, EvaluationReport report) {
        EvaluationResult evaluation = report.evaluation();
        out.println(MESSAGES.format("modelVersion", report.modelVersionId(), report.round(), report.kind()));
        ClassificationMetrics metrics = evaluation.classification();
        if (metrics == null) {
            out.println(MESSAGES.format("noCompleteLabels"));
        } else {
            out.println(MESSAGES.format("metrics", metrics.meanAveragePrecision(), metrics.classF1(),
                    metrics.overallF1(), evaluation.evalImages(), evaluation.evalSet()));
        }
        PseudoLabelQuality pseudo = evaluation.pseudoLabels();
        if (pseudo != null) {
            out.println(MESSAGES.format("pseudo", percent(pseudo.precision()), percent(pseudo.recall()),
                    percent(pseudo.accuracy()), pseudo.unknownCells(), evaluation.pseudoLabelImages()));
        }
        out.println(MESSAGES.format("history"));
        out.println(String.format(Locale.ROOT, "  %-8s %-6s %-10s %7s %6s %6s %6s %7s %7s %7s", "version", "round",
                "kind", "loss", "mAP", "CF1", "OF1", "PL-P", "PL-R", "PL-acc"));
        for (EvaluationReport.HistoryEntry entry : report.history()) {
            RoundMetrics round = entry.metrics();
            List<Double> loss = round.loss();
            out.println(String.format(Locale.ROOT, "  %-8d %-6d %-10s %7s %6s %6s %6s %7s %7s %7s",
                    entry.modelVersionId(), round.round(), round.kind() == null ? "-" : round.kind(),
                    loss.isEmpty() ? "-" : String.format(Locale.ROOT, "%.4f", loss.get(loss.size() - 1)),
                    text(round.map()), text(round.cf1()), text(round.of1()), text(round.plPrecision()),
                    text(round.plRecall()), text(round.plAccuracy())));
        }
    }

    private static void printJson(PrintWriter out, EvaluationReport report) throws IOException {
        EvaluationResult evaluation = report.evaluation();
        ClassificationMetrics metrics = evaluation.classification();
        PseudoLabelQuality pseudo = evaluation.pseudoLabels();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeNumberField("model_version", report.modelVersionId());
            json.writeNumberField("round", report.round());
            json.writeStringField("kind", report.kind());
            json.writeStringField("eval_set", evaluation.evalSet());
            json.writeNumberField("eval_images", evaluation.evalImages());
            number(json, "map", metrics == null ? null : metrics.meanAveragePrecision());
            number(json, "cf1", metrics == null ? null : metrics.classF1());
            number(json, "of1", metrics == null ? null : metrics.overallF1());
            number(json, "cp", metrics == null ? null : metrics.classPrecision());
            number(json, "cr", metrics == null ? null : metrics.classRecall());
            number(json, "op", metrics == null ? null : metrics.overallPrecision());
            number(json, "or", metrics == null ? null : metrics.overallRecall());
            json.writeArrayFieldStart("per_category");
            for (int c = 0; c < report.categoryNames().size(); c++) {
                json.writeStartObject();
                json.writeStringField("category", report.categoryNames().get(c));
                number(json, "ap", metrics == null ? null : metrics.averagePrecision()[c]);
                json.writeEndObject();
            }
            json.writeEndArray();
            number(json, "pl_precision", pseudo == null ? null : 100 * pseudo.precision());
            number(json, "pl_recall", pseudo == null ? null : 100 * pseudo.recall());
            number(json, "pl_accuracy", pseudo == null ? null : 100 * pseudo.accuracy());
            number(json, "pl_negative_precision", pseudo == null ? null : 100 * pseudo.negativePrecision());
            number(json, "pl_coverage", pseudo == null ? null : 100 * pseudo.coverage());
            json.writeNumberField("pl_unknown_cells", pseudo == null ? 0 : pseudo.unknownCells());
            json.writeNumberField("pl_images", evaluation.pseudoLabelImages());
            json.writeArrayFieldStart("history");
            for (EvaluationReport.HistoryEntry entry : report.history()) {
                writeHistory(json, entry);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.println();
    }

    private static void writeHistory(JsonGenerator json, EvaluationReport.HistoryEntry entry) throws IOException {
        RoundMetrics round = entry.metrics();
        json.writeStartObject();
        json.writeNumberField("model_version", entry.modelVersionId());
        if (entry.parentId() == null) {
            json.writeNullField("parent");
        } else {
            json.writeNumberField("parent", entry.parentId());
        }
        json.writeStringField("created_at", entry.createdAt());
        json.writeNumberField("round", round.round());
        json.writeStringField("kind", round.kind());
        json.writeNumberField("steps", round.steps());
        number(json, "final_loss", round.loss().isEmpty() ? null : round.loss().get(round.loss().size() - 1));
        number(json, "map", round.map());
        number(json, "cf1", round.cf1());
        number(json, "of1", round.of1());
        number(json, "pl_precision", round.plPrecision());
        number(json, "pl_recall", round.plRecall());
        number(json, "pl_accuracy", round.plAccuracy());
        json.writeStringField("eval_set", round.evalSet());
        json.writeNumberField("eval_images", round.evalImages());
        json.writeEndObject();
    }

    /** Writes a number, or null for a missing or NaN one (JSON has no NaN). */
    private static void number(JsonGenerator json, String name, Double value) throws IOException {
        if (value == null || value.isNaN()) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * fraction);
    }

    private static String text(Double percent) {
        return percent == null ? "-" : String.format(Locale.ROOT, "%.1f", percent);
    }
}
