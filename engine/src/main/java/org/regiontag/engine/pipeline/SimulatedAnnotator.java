package org.regiontag.engine.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.db.Project;
import org.regiontag.db.edit.CellChange;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.CompleteLabelRepository;
import org.regiontag.db.repo.ProposedState;
import org.regiontag.db.repo.Suggestion;
import org.regiontag.db.repo.SuggestionRepository;

/**
 * An annotator simulated from the project's complete labels, who reviews the pending suggestions in
 * the order the application shows them (most informative first) and writes each decision to the
 * store as a person would.
 *
 * <p>A suggestion that proposes a state is accepted when the complete label equals it and rejected
 * otherwise, so the cell gets its complete label either way, with the provenance
 * {@code accepted_suggestion} or {@code rejected_suggestion}. A suggestion without a proposed state
 * gets its cell set to the complete label ({@code annotator}). Cells without a
 * complete label are skipped, because the simulation has no ground truth for them.
 */
public final class SimulatedAnnotator {

    private final Project project;
    private final String actor;

    /**
     * @param actor the name recorded with every decision
     */
    public SimulatedAnnotator(Project project, String actor) {
        this.project = project;
        this.actor = actor;
    }

    /**
     * Counts of one review.
     *
     * @param accepted suggestions accepted
     * @param rejected suggestions rejected
     * @param labelled cells without a proposed state set to their complete label
     */
    public record Review(int accepted, int rejected, int labelled) {

        /** Decisions made: every accepted, rejected and labelled cell. */
        public int decisions() {
            return accepted + rejected + labelled;
        }
    }

    /**
     * Makes up to {@code decisions} decisions on the most informative pending suggestions, in three
     * undoable batches (accepts, rejects, labels set without a proposal).
     *
     * @throws IllegalArgumentException when {@code decisions} is negative
     */
    public Review review(int decisions) {
        if (decisions < 0) {
            throw new IllegalArgumentException("decisions must be 0 or more, got " + decisions);
        }
        Map<List<Long>, CellState> complete = new HashMap<>();
        List<Suggestion> pending = project.database().read(connection -> {
            new CompleteLabelRepository(connection).forEachCompleteLabel(label ->
                    complete.put(List.of(label.imageId(), label.categoryId()), label.state()));
            return new SuggestionRepository(connection).findPendingSuggestions(Integer.MAX_VALUE);
        });

        List<Long> accepts = new ArrayList<>();
        List<Long> rejects = new ArrayList<>();
        List<CellChange> labelChanges = new ArrayList<>();
        for (Suggestion suggestion : pending) {
            if (accepts.size() + rejects.size() + labelChanges.size() >= decisions) {
                break;
            }
            CellState truth = complete.get(List.of(suggestion.imageId(), suggestion.categoryId()));
            if (truth == null) {
                continue;
            }
            if (suggestion.proposedState() == ProposedState.NONE) {
                labelChanges.add(new CellChange(suggestion.imageId(), suggestion.categoryId(), truth));
            } else if (suggestion.proposedState().cellState() == truth) {
                accepts.add(suggestion.id());
            } else {
                rejects.add(suggestion.id());
            }
        }

        LabelEditor editor = new LabelEditor(project.database());
        int accepted = accepts.isEmpty() ? 0
                : editor.decideSuggestions(accepts, true, actor, "simulated review: accept").changed();
        int rejected = rejects.isEmpty() ? 0
                : editor.decideSuggestions(rejects, false, actor, "simulated review: reject").changed();
        int labelled = labelChanges.isEmpty() ? 0
                : editor.applyChanges(labelChanges, actor, "simulated review: label without a proposal").changed();
        return new Review(accepted, rejected, labelled);
    }
}
