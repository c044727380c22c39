package org.regiontag.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.regiontag.db.Project;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.train.TrainingConfig;

/**
 * The annotation loop with a {@link SimulatedAnnotator}: the newest model version's suggestions
 * are reviewed, then each round trains a new version ({@link FineTune}) on the labels as they are,
 * and its suggestions are reviewed in turn.
 *
 * <p>The first summary is the project's newest version as it is. A project without a version gets
 * one first from {@link Suggest}: round 0, prompt scoring by the frozen backbone before any
 * training. Each summary's quality numbers are the ones stored with its version when it was made,
 * so they measure the model before the review of its own suggestions.
 *
 * <p>Every step writes to the project as the application would. A cancelled run keeps the rounds
 * and decisions completed before the cancellation, and the step that was running leaves the
 * project as it was.
 */
public final class AnnotatorRounds implements Job<List<RoundSummary>> {

    private final Project project;
    private final Backbone backbone;
    private final TrainingConfig config;
    private final int rounds;
    private final int decisionsPerRound;
    private final String actor;
    private final Consumer<RoundSummary> onRound;

    /**
     * @param config the config of every trained round
     * @param rounds trained rounds after the newest version
     * @param decisionsPerRound decisions the annotator makes on each version's suggestions
     * @param actor the name recorded with the annotator's decisions
     * @param onRound receives each summary as soon as its review is done
     */
    public AnnotatorRounds(Project project, Backbone backbone, TrainingConfig config, int rounds,
            int decisionsPerRound, String actor, Consumer<RoundSummary> onRound) {
        if (rounds < 0 || decisionsPerRound < 0) {
            throw new IllegalArgumentException("rounds and decisions per round must be 0 or more, got " + rounds
                    + " and " + decisionsPerRound);
        }
        this.project = project;
        this.backbone = backbone;
        this.config = config;
        this.rounds = rounds;
        this.decisionsPerRound = decisionsPerRound;
        this.actor = actor;
        this.onRound = onRound;
    }

    @Override
    public List<RoundSummary> run(ProgressListener listener, CancellationToken token) throws Exception {
        SimulatedAnnotator annotator = new SimulatedAnnotator(project, actor);
        List<RoundSummary> summaries = new ArrayList<>();

        if (ModelVersions.findLatest(project).isEmpty()) {
            new Suggest(project, backbone).run(listener, token);
        }
        summaries.add(reviewLatest(annotator, token));

        for (int round = 1; round <= rounds; round++) {
            token.throwIfCancelled();
            new FineTune(project, backbone, config).run(listener, token);
            summaries.add(reviewLatest(annotator, token));
        }
        return summaries;
    }

    private RoundSummary reviewLatest(SimulatedAnnotator annotator, CancellationToken token) {
        token.throwIfCancelled();
        ModelVersion latest = ModelVersions.findLatest(project).orElseThrow(() ->
                new IllegalStateException("no model version after the round in " + project.folder()));
        RoundMetrics metrics = RoundMetrics.fromJson(latest.metrics() == null ? "{}" : latest.metrics());
        SimulatedAnnotator.Review review = annotator.review(decisionsPerRound);
        RoundSummary summary = new RoundSummary(metrics.round(), latest.id(), metrics.map(), metrics.plPrecision(),
                metrics.plRecall(), metrics.evalSet(), review);
        onRound.accept(summary);
        return summary;
    }
}
