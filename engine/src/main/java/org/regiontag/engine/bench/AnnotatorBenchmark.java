package org.regiontag.engine.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.regiontag.db.Project;
import org.regiontag.engine.eval.MultiLabelMetrics;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.job.Progress;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.pipeline.CellProposals;
import org.regiontag.engine.pipeline.RoundRunner;
import org.regiontag.engine.pipeline.SuggestionPlanner;
import org.regiontag.engine.pipeline.VersionScoring;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.VersionContents;
import org.regiontag.engine.train.LabelMatrix;
import org.regiontag.engine.train.TrainingConfig;

/**
 * Simulates annotators who answer from the complete labels, on a project with complete labels,
 * without changing it.
 *
 * <p>Both start from the project's working labels of the training images. Each round, a model is
 * evaluated and the annotator then makes {@code reviewsPerRound} decisions, each of which sets one
 * unknown cell to its complete label; the next round trains on the labels as they are then
 * (continuing the previous round, with its pseudo-labels). Round 0 is the zero-shot model.
 * <ul>
 *   <li>The <b>guided</b> annotator reviews the suggestions of the round's model in order of
 *       informativeness ({@link SuggestionPlanner#informativeness}), accepting a proposed state
 *       that is right and rejecting one that is wrong.</li>
 *   <li>The <b>exhaustive</b> annotator reviews unknown cells image by image, category by category,
 *       as a person going through every cell would, and its model trains the same way.</li>
 * </ul>
 */
public final class AnnotatorBenchmark implements Job<AnnotatorReport> {

    private final Project project;
    private final Backbone backbone;
    private final TrainingConfig config;
    private final int rounds;
    private final int reviewsPerRound;

    /**
     * @param config the config of every training round
     * @param rounds trained rounds after the zero-shot round 0
     * @param reviewsPerRound decisions per round
     */
    public AnnotatorBenchmark(Project project, Backbone backbone, TrainingConfig config, int rounds,
            int reviewsPerRound) {
        if (rounds < 0 || reviewsPerRound < 1) {
            throw new IllegalArgumentException("rounds must be at least 0 and reviews per round at least 1");
        }
        this.project = project;
        this.backbone = backbone;
        this.config = config;
        this.rounds = rounds;
        this.reviewsPerRound = reviewsPerRound;
    }

    @Override
    public AnnotatorReport run(ProgressListener listener, CancellationToken token) throws Exception {
        BenchData data = BenchData.read(project, backbone);
        LabelMatrix start = data.trainWorking;
        List<AnnotatorReport.Round> guided = simulate(data, start, true, listener, token);
        List<AnnotatorReport.Round> exhaustive = simulate(data, start, false, listener, token);
        return new AnnotatorReport(project.name(), backbone.identity(), reviewsPerRound,
                start.count(LabelMatrix.UNKNOWN), countKnown(start.toArray()), data.trainImages.size(),
                data.evalComplete.rows(), data.evalSet, config.stepsPerRound(), guided, exhaustive);
    }

    private List<AnnotatorReport.Round> simulate(BenchData data, LabelMatrix start, boolean guided,
            ProgressListener listener, CancellationToken token) throws Exception {
        String phase = guided ? "guided annotator" : "exhaustive annotator";
        int[] rows = BenchData.identity(start.rows());
        int[][] labels = start.toArray();
        List<AnnotatorReport.Round> results = new ArrayList<>();
        VersionContents previous = null;
        LabelMatrix pseudo = null;
        long decisions = 0;
        for (int round = 0; round <= rounds; round++) {
            token.throwIfCancelled();
            LabelMatrix known = LabelMatrix.of(labels);
            VersionScoring scores;
            double map;
            if (round == 0) {
                scores = VersionScoring.fromProbabilities(rows, data.teacher(known), known, config);
                map = MultiLabelMetrics.evaluate(data.zeroShotEval(known), data.evalComplete).meanAveragePrecision();
            } else {
                previous = RoundRunner.train(backbone, data.categories, config, round, data.calibration(known),
                        data.trainFeatures, known, data.teacher(known), previous, pseudo, listener, token).contents();
                scores = VersionScoring.scoreTrained(previous, data.trainFeatures, known, rows, backbone.device(),
                        ProgressListener.NONE, token);
                pseudo = config.prototypes() ? scores.proposals().pseudoLabels(rows, known) : null;
                map = MultiLabelMetrics.evaluate(VersionScoring.scoreTrained(previous, data.evalFeatures,
                        LabelMatrix.unknown(data.evalComplete.rows(), data.categories.size()),
                        BenchData.identity(data.evalComplete.rows()), backbone.device(), ProgressListener.NONE, token)
                        .probability(), data.evalComplete).meanAveragePrecision();
            }

            long[] proposals = proposalQuality(labels, scores.proposals(), data.trainComplete);
            List<int[]> order = guided ? byInformativeness(labels, scores.probability()) : inImageOrder(labels);
            int accepted = 0;
            int rejected = 0;
            for (int[] cell : order.subList(0, Math.min(reviewsPerRound, order.size()))) {
                int truth = data.trainComplete.get(cell[0], cell[1]);
                int proposal = scores.proposals().proposal(cell[0], cell[1]);
                if (guided && proposal != LabelMatrix.UNKNOWN) {
                    if (proposal == truth) {
                        accepted++;
                    } else {
                        rejected++;
                    }
                }
                labels[cell[0]][cell[1]] = truth;
                decisions++;
            }
            long knownAfter = countKnown(labels);
            results.add(new AnnotatorReport.Round(round, map, decisions, knownAfter, accepted, rejected,
                    proposals[0], proposals[1]));
            listener.onProgress(new Progress(phase, round + 1, rounds + 1, Optional.empty(), Map.of("map", map)));
        }
        return results;
    }

    private static long countKnown(int[][] labels) {
        long known = 0;
        for (int[] row : labels) {
            for (int label : row) {
                known += label == LabelMatrix.UNKNOWN ? 0 : 1;
            }
        }
        return known;
    }

    /** Counts the unknown cells whose proposal is right and wrong. */
    private static long[] proposalQuality(int[][] labels, CellProposals proposals, LabelMatrix complete) {
        long correct = 0;
        long wrong = 0;
        for (int i = 0; i < labels.length; i++) {
            for (int c = 0; c < labels[i].length; c++) {
                int proposal = proposals.proposal(i, c);
                if (labels[i][c] != LabelMatrix.UNKNOWN || proposal == LabelMatrix.UNKNOWN) {
                    continue;
                }
                if (proposal == complete.get(i, c)) {
                    correct++;
                } else {
                    wrong++;
                }
            }
        }
        return new long[] {correct, wrong};
    }

    /** Unknown cells, most informative first (ties in image and category order). */
    private static List<int[]> byInformativeness(int[][] labels, float[][] probability) {
        int categories = labels.length == 0 ? 0 : labels[0].length;
        long[] positives = new long[categories];
        for (int[] row : labels) {
            for (int c = 0; c < categories; c++) {
                positives[c] += row[c] == LabelMatrix.POSITIVE ? 1 : 0;
            }
        }
        List<int[]> cells = inImageOrder(labels);
        List<double[]> scored = new ArrayList<>();
        for (int k = 0; k < cells.size(); k++) {
            int[] cell = cells.get(k);
            scored.add(new double[] {SuggestionPlanner.informativeness(probability[cell[0]][cell[1]],
                    positives[cell[1]]), k});
        }
        scored.sort(Comparator.comparingDouble((double[] entry) -> -entry[0]).thenComparingDouble(entry -> entry[1]));
        List<int[]> ordered = new ArrayList<>(cells.size());
        for (double[] entry : scored) {
            ordered.add(cells.get((int) entry[1]));
        }
        return ordered;
    }

    private static List<int[]> inImageOrder(int[][] labels) {
        List<int[]> cells = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            for (int c = 0; c < labels[i].length; c++) {
                if (labels[i][c] == LabelMatrix.UNKNOWN) {
                    cells.add(new int[] {i, c});
                }
            }
        }
        return cells;
    }
}
