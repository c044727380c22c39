package org.regiontag.engine.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.eval.MultiLabelMetrics;
import org.regiontag.engine.eval.PseudoLabelMetrics;
import org.regiontag.engine.eval.PseudoLabelQuality;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.job.Progress;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.pipeline.RoundRunner;
import org.regiontag.engine.pipeline.VersionScoring;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.VersionContents;
import org.regiontag.engine.train.LabelMatrix;
import org.regiontag.engine.train.TrainingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ablation table of TRM-ML on a project with complete labels, without changing it.
 *
 * <p>For each known-label proportion, the working labels of the training images are simulated
 * again from their complete labels ({@link BenchData#simulate}, fixed seed), and every
 * configuration trains from scratch for the given number of rounds on them: each round continues
 * the previous one, and from the second round on, a configuration with prototypes trains on the
 * previous round's pseudo-labels, as incremental rounds in a project do (without an annotator's
 * decisions). Then mAP is measured on the evaluation images and the proposals on the unknown
 * training cells against their complete labels. Everything stays in memory: the project is only
 * read.
 */
public final class AblationBenchmark implements Job<AblationReport> {

    private static final Logger LOG = LoggerFactory.getLogger(AblationBenchmark.class);

    private final Project project;
    private final Backbone backbone;
    private final List<Double> proportions;
    private final List<AblationConfig> configs;
    private final int rounds;
    private final long seed;

    /**
     * @param proportions known-label proportions in (0, 1]
     * @param configs the configurations, whose step count and seed are used as given
     * @param rounds rounds per configuration, at least 1
     * @param seed the seed of the missing-label simulation
     */
    public AblationBenchmark(Project project, Backbone backbone, List<Double> proportions,
            List<AblationConfig> configs, int rounds, long seed) {
        for (double proportion : proportions) {
            if (!(proportion > 0 && proportion <= 1)) {
                throw new UserInputException(BenchMessages.format("proportion.invalid", proportion));
            }
        }
        if (rounds < 1 || configs.isEmpty() || proportions.isEmpty()) {
            throw new IllegalArgumentException("at least one round, configuration and proportion are needed");
        }
        this.project = project;
        this.backbone = backbone;
        this.proportions = List.copyOf(proportions);
        this.configs = List.copyOf(configs);
        this.rounds = rounds;
        this.seed = seed;
    }

    @Override
    public AblationReport run(ProgressListener listener, CancellationToken token) throws Exception {
        BenchData data = BenchData.read(project, backbone);
        double[][] map = new double[configs.size()][proportions.size()];
        PseudoLabelQuality[][] pseudoLabels = new PseudoLabelQuality[configs.size()][proportions.size()];
        int total = configs.size() * proportions.size();
        int done = 0;
        for (int p = 0; p < proportions.size(); p++) {
            LabelMatrix known = data.simulate(proportions.get(p), seed);
            float[][] teacher = data.teacher(known);
            for (int k = 0; k < configs.size(); k++) {
                token.throwIfCancelled();
                Result result = train(data, configs.get(k).config(), known, teacher, listener, token);
                map[k][p] = result.map();
                pseudoLabels[k][p] = result.pseudoLabels();
                LOG.info("ablation: {} at {} known labels: mAP {}", configs.get(k).name(), proportions.get(p),
                        result.map());
                listener.onProgress(new Progress("ablation", ++done, total, Optional.empty(),
                        Map.of("map", result.map())));
            }
        }
        TrainingConfig first = configs.get(0).config();
        return new AblationReport(project.name(), backbone.identity(), proportions, configs, map, pseudoLabels,
                data.trainImages.size(), data.evalComplete.rows(), data.evalSet, rounds, first.stepsPerRound(),
                seed);
    }

    /** One configuration's mAP and pseudo-label quality after its rounds. */
    private record Result(double map, PseudoLabelQuality pseudoLabels) {
    }

    private Result train(BenchData data, TrainingConfig config, LabelMatrix known, float[][] teacher,
            ProgressListener listener, CancellationToken token) throws Exception {
        int[] trainRows = BenchData.identity(known.rows());
        VersionContents previous = null;
        LabelMatrix pseudo = null;
        VersionScoring trainScores = null;
        for (int round = 1; round <= rounds; round++) {
            previous = RoundRunner.train(backbone, data.categories, config, round, data.calibration(known),
                    data.trainFeatures, known, teacher, previous, pseudo, listener, token).contents();
            trainScores = VersionScoring.scoreTrained(previous, data.trainFeatures, known, trainRows,
                    backbone.device(), ProgressListener.NONE, token);
            pseudo = config.prototypes() ? trainScores.proposals().pseudoLabels(trainRows, known) : null;
        }
        VersionScoring evalScores = VersionScoring.scoreTrained(previous, data.evalFeatures,
                LabelMatrix.unknown(data.evalComplete.rows(), data.categories.size()),
                BenchData.identity(data.evalComplete.rows()), backbone.device(), ProgressListener.NONE, token);
        double map = MultiLabelMetrics.evaluate(evalScores.probability(), data.evalComplete).meanAveragePrecision();
        PseudoLabelQuality quality = PseudoLabelMetrics.evaluate(known,
                trainScores.proposals().pseudoLabels(trainRows, known), data.trainComplete);
        return new Result(map, quality);
    }
}
