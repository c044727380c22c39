package org.regiontag.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.ModelVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the newest model version against the project's complete labels as they are now
 * ({@link Evaluation}), stores the result in that version's metrics (keeping its loss history), and
 * returns it with the metrics of every version, which is the history per round.
 *
 * <p>Only the evaluated version's metrics change, in one short transaction at the end.
 */
public final class Evaluate implements Job<EvaluationReport> {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluate.class);

    private final Project project;
    private final Backbone backbone;

    public Evaluate(Project project, Backbone backbone) {
        this.project = project;
        this.backbone = backbone;
    }

    @Override
    public EvaluationReport run(ProgressListener listener, CancellationToken token) {
        Workspace workspace = Workspace.prepare(project, backbone, listener, token);
        VersionLookup lookup = VersionLookup.latest(workspace);
        if (lookup.latest() == null) {
            throw new UserInputException(PipelineMessages.format("eval.noVersion", project.folder()));
        }
        if (lookup.usable() == null) {
            throw new UserInputException(PipelineMessages.format("eval.versionMismatch", lookup.latest().id(),
                    String.join("; ", lookup.mismatches())));
        }
        ModelVersions.Loaded version = lookup.usable();
        VersionScoring scoring = VersionScoring.score(workspace, version.contents(), workspace.featureRows, listener,
                token);
        EvaluationResult evaluation = scoring.evaluate(workspace);
        token.throwIfCancelled();

        RoundMetrics stored = storedMetrics(version.row());
        RoundMetrics updated = new RoundMetrics(version.round(), version.descriptor().kind(), stored.steps(),
                stored.loss(), stored.lossTerms(), null, null, null, null, null, null, "none", 0)
                .withEvaluation(evaluation);
        ModelVersions.updateMetrics(project, version.row(), updated.toJson());

        List<EvaluationReport.HistoryEntry> history = new ArrayList<>();
        for (ModelVersion row : ModelVersions.findAll(project)) {
            RoundMetrics metrics = row.id() == version.row().id() ? updated : storedMetrics(row);
            history.add(new EvaluationReport.HistoryEntry(row.id(), row.parentId(), row.createdAt(), metrics));
        }
        List<String> names = workspace.data.categories().stream().map(Category::name).toList();
        return new EvaluationReport(version.row().id(), version.round(), version.descriptor().kind(), evaluation,
                names, history);
    }

    private static RoundMetrics storedMetrics(ModelVersion row) {
        try {
            return RoundMetrics.fromJson(row.metrics() == null ? "{}" : row.metrics());
        } catch (IllegalArgumentException e) {
            LOG.warn("model version {} has unreadable metrics; showing none", row.id(), e);
            return RoundMetrics.fromJson("{}");
        }
    }
}
