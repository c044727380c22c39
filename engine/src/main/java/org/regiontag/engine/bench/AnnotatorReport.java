package org.regiontag.engine.bench;

import java.util.List;
import java.util.Locale;

/**
 * The results of an {@link AnnotatorBenchmark}: per round, for the annotator guided by suggestions
 * and for the one who reviews every cell in image order.
 *
 * @param projectName the project's name
 * @param backbone the backbone's identity
 * @param reviewsPerRound decisions an annotator makes per round
 * @param unknownAtStart unknown training cells at the start: the decisions an exhaustive review of
 *     every cell needs
 * @param knownAtStart known training cells at the start
 * @param trainImages training images
 * @param evalImages images mAP was computed on
 * @param evalSet {@code test}, or {@code train} when the project has no test split with complete labels
 * @param steps training steps per round
 * @param guided the rounds of the annotator who reviews the most informative suggestions
 * @param exhaustive the rounds of the annotator who reviews unknown cells in image order
 */
public record AnnotatorReport(String projectName, String backbone, int reviewsPerRound, long unknownAtStart,
        long knownAtStart, int trainImages, int evalImages, String evalSet, int steps, List<Round> guided,
        List<Round> exhaustive) {

    /**
     * One round: the model of the round is evaluated, then the annotator reviews.
     *
     * @param round 0 for the zero-shot model, then the trained rounds
     * @param map the model's mAP in percent, before the round's review
     * @param decisions decisions made so far, this round's review included
     * @param known known training cells after the review
     * @param accepted suggestions with a proposed state that the annotator accepted this round
     * @param rejected suggestions with a proposed state that the annotator rejected this round
     * @param proposalsCorrect unknown cells, before the review, whose proposed state equals the complete label
     * @param proposalsWrong unknown cells, before the review, whose proposed state differs from it
     */
    public record Round(int round, double map, long decisions, long known, int accepted, int rejected,
            long proposalsCorrect, long proposalsWrong) {

        /** Accepted suggestions over reviewed suggestions that proposed a state; NaN without any. */
        public double acceptedPrecision() {
            return accepted + rejected == 0 ? Double.NaN : (double) accepted / (accepted + rejected);
        }
    }

    /** Renders both annotators' rounds as Markdown tables. */
    public String toMarkdown() {
        StringBuilder markdown = new StringBuilder();
        markdown.append(String.format(Locale.ROOT, "Project %s, backbone %s: %d training images (%d known and %d"
                + " unknown cells at the start), mAP on %d %s images, %d reviews and %d training steps per round."
                + " An exhaustive review of every unknown cell needs %d decisions.%n%n", projectName, backbone,
                trainImages, knownAtStart, unknownAtStart, evalImages, evalSet, reviewsPerRound, steps,
                unknownAtStart));
        markdown.append("Guided: the annotator reviews the most informative suggestions of each round\n\n");
        table(markdown, guided, true);
        markdown.append("\nExhaustive: the annotator reviews unknown cells image by image, in the same number\n\n");
        table(markdown, exhaustive, false);
        return markdown.toString();
    }

    private static void table(StringBuilder markdown, List<Round> rounds, boolean withSuggestions) {
        markdown.append("| round | decisions | labels known | mAP |");
        if (withSuggestions) {
            markdown.append(" accepted-suggestion precision | proposals correct | proposals wrong |");
        }
        markdown.append("\n|---:|---:|---:|---:|").append(withSuggestions ? "---:|---:|---:|" : "").append('\n');
        for (Round round : rounds) {
            markdown.append(String.format(Locale.ROOT, "| %d | %d | %d | %.1f |", round.round(), round.decisions(),
                    round.known(), round.map()));
            if (withSuggestions) {
                double precision = round.acceptedPrecision();
                markdown.append(String.format(Locale.ROOT, " %s | %d | %d |",
                        Double.isNaN(precision) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * precision),
                        round.proposalsCorrect(), round.proposalsWrong()));
            }
            markdown.append('\n');
        }
    }
}
