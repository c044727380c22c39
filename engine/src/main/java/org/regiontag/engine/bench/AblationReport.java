package org.regiontag.engine.bench;

import java.util.List;
import java.util.Locale;
import org.regiontag.engine.eval.PseudoLabelQuality;

/**
 * The results of an {@link AblationBenchmark}: mAP and pseudo-label quality per configuration and
 * known-label proportion.
 *
 * @param projectName the project's name
 * @param backbone the backbone's identity
 * @param proportions the known-label proportions, in order
 * @param configs the configurations, in order
 * @param map mAP in percent, [configuration][proportion]
 * @param pseudoLabels the proposals on unknown training cells against complete labels,
 *     [configuration][proportion]
 * @param trainImages training images
 * @param evalImages images mAP was computed on
 * @param evalSet {@code test}, or {@code train} when the project has no test split with complete labels
 * @param rounds rounds per configuration
 * @param steps steps per round
 * @param seed the seed of the simulation and of training
 */
public record AblationReport(String projectName, String backbone, List<Double> proportions,
        List<AblationConfig> configs, double[][] map, PseudoLabelQuality[][] pseudoLabels, int trainImages,
        int evalImages, String evalSet, int rounds, int steps, long seed) {

    /**
     * Renders the tables as Markdown, in the layout of TRM-ML's supplement: mAP per proportion with
     * the average (its tables 1 and 2), and accuracy, precision and recall of the pseudo-labels of
     * the full configuration (its table 3).
     */
    public String toMarkdown() {
        StringBuilder markdown = new StringBuilder();
        markdown.append(String.format(Locale.ROOT, "Project %s, backbone %s: %d training images, mAP on %d %s"
                + " images, %d round(s) of %d steps per configuration, seed %d.%n%n", projectName, backbone,
                trainImages, evalImages, evalSet, rounds, steps, seed));

        markdown.append("mAP (%) by known-label proportion\n\n| configuration |");
        for (double proportion : proportions) {
            markdown.append(' ').append(percent(proportion)).append(" |");
        }
        markdown.append(" Avg. |\n|---|");
        markdown.append("---:|".repeat(proportions.size() + 1)).append('\n');
        for (int k = 0; k < configs.size(); k++) {
            markdown.append("| ").append(configs.get(k).name()).append(" |");
            double sum = 0;
            for (int p = 0; p < proportions.size(); p++) {
                markdown.append(String.format(Locale.ROOT, " %.1f |", map[k][p]));
                sum += map[k][p];
            }
            markdown.append(String.format(Locale.ROOT, " %.1f |%n", sum / proportions.size()));
        }

        markdown.append("\nPseudo-labels of ").append(configs.get(0).name())
                .append(" on unknown training cells, against complete labels (%)\n\n")
                .append("| known labels | Accuracy | Precision | Recall |\n|---|---:|---:|---:|\n");
        for (int p = 0; p < proportions.size(); p++) {
            PseudoLabelQuality quality = pseudoLabels[0][p];
            markdown.append("| ").append(percent(proportions.get(p))).append(" | ")
                    .append(fraction(quality.accuracy())).append(" | ").append(fraction(quality.precision()))
                    .append(" | ").append(fraction(quality.recall())).append(" |\n");
        }
        return markdown.toString();
    }

    private static String percent(double proportion) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * proportion);
    }

    private static String fraction(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * value);
    }
}
