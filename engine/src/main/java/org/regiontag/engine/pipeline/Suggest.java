package org.regiontag.engine.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.regiontag.db.Project;
import org.regiontag.db.repo.SuggestionDraft;
import org.regiontag.db.repo.SuggestionRepository;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.job.Progress;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.project.VersionContents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Regenerates the suggestions: scores every image with features with the newest model version and
 * stores one suggestion per unknown cell (and per imported label the model contradicts), in place
 * of every pending one; see {@link SuggestionPlanner}.
 *
 * <p>Before any training, or when the newest version was made with another backbone or other
 * categories, the suggestions come from the zero-shot scores: the job then registers a zero-shot
 * model version (round 0) with its evaluation, or reuses the newest one when it is a zero-shot
 * version that fits. Thresholds are calibrated on the known cells as they are now, so running the
 * job after decisions refines the proposals of the same version.
 *
 * <p>Everything is computed before anything is written, and written in one transaction at the end:
 * a cancelled or failed job leaves the project as it was (zero-shot scores it computed on the way
 * stay, because they are derived data the next job would compute again).
 */
public final class Suggest implements Job<SuggestResult> {

    private static final Logger LOG = LoggerFactory.getLogger(Suggest.class);

    private final Project project;
    private final Backbone backbone;

    public Suggest(Project project, Backbone backbone) {
        this.project = project;
        this.backbone = backbone;
    }

    @Override
    public SuggestResult run(ProgressListener listener, CancellationToken token) {
        Workspace workspace = Workspace.prepare(project, backbone, listener, token);
        VersionLookup lookup = VersionLookup.latest(workspace);
        if (!lookup.mismatches().isEmpty()) {
            LOG.info("the newest model version {} does not fit the project ({}); suggesting from zero-shot scores",
                    lookup.latest().id(), String.join("; ", lookup.mismatches()));
        }
        int[] rows = workspace.featureRows;

        if (lookup.hasTrainedVersion()) {
            ModelVersions.Loaded version = lookup.usable();
            VersionScoring scoring = VersionScoring.score(workspace, version.contents(), rows, listener, token);
            SuggestionPlanner.Plan plan = scoring.plan(workspace);
            token.throwIfCancelled();
            int stored = store(version.row().id(), plan.drafts(), listener);
            return new SuggestResult(version.row().id(), version.round(), false, false, plan.counts(), stored,
                    rows.length, workspace.withoutFeatures);
        }

        boolean reuse = lookup.usable() != null;
        VersionContents zeroShot = VersionScoring.zeroShotContents(workspace, "{}");
        VersionScoring scoring = VersionScoring.score(workspace, zeroShot, rows, listener, token);
        SuggestionPlanner.Plan plan = scoring.plan(workspace);
        String metrics = RoundMetrics.ofRound(0, zeroShot.descriptor().kind(), List.of())
                .withEvaluation(scoring.evaluate(workspace)).toJson();
        token.throwIfCancelled();

        long versionId;
        int[] stored = new int[1];
        if (reuse) {
            versionId = lookup.usable().row().id();
            stored[0] = store(versionId, plan.drafts(), listener);
            ModelVersions.updateMetrics(project, lookup.usable().row(), metrics);
        } else {
            listener.onProgress(saving(0));
            VersionContents contents = new VersionContents(zeroShot.descriptor(), zeroShot.config(),
                    zeroShot.parameters(), zeroShot.positive(), zeroShot.negative(), zeroShot.prototypes(), metrics);
            versionId = ModelVersions.register(project, null, contents, workspace.data.categories(),
                    (connection, id) -> stored[0] = new SuggestionRepository(connection)
                            .replaceSuggestionsForVersion(id, plan.drafts(), project.database().now()));
            listener.onProgress(saving(1));
        }
        return new SuggestResult(versionId, 0, true, !reuse, plan.counts(), stored[0], rows.length,
                workspace.withoutFeatures);
    }

    private int store(long versionId, List<SuggestionDraft> drafts, ProgressListener listener) {
        listener.onProgress(saving(0));
        // NOTE: one transaction, so the project never shows half a version's suggestions. At COCO scale
        // (millions of unknown cells) it would hold the writer for an estimated tens of seconds (not
        // measured); writing in chunks would need a staged status the store does not have.
        int stored = project.database().inTransaction(connection -> new SuggestionRepository(connection)
                .replaceSuggestionsForVersion(versionId, drafts, project.database().now()));
        listener.onProgress(saving(1));
        return stored;
    }

    static Progress saving(int done) {
        return new Progress("save", done, 1, Optional.empty(), Map.of());
    }
}
