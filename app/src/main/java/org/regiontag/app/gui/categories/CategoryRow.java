package org.regiontag.app.gui.categories;

import java.util.List;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelBatch;
import org.regiontag.db.repo.LabelEvent;
import org.regiontag.db.repo.ProposedState;
import org.regiontag.db.repo.Suggestion;
import org.regiontag.db.repo.SuggestionStatus;

/**
 * One category of the shown image in the category panel.
 *
 * @param category the category
 * @param label the cell's working label, or {@code null} when unknown
 * @param labelBatch who set the label and when: the batch that set it, or {@code null} when the cell
 *     is unknown or its change is still being written
 * @param suggestion the cell's newest suggestion of any status, or {@code null}
 * @param history the cell's label changes, oldest first
 * @param saving whether a change of this cell is being written
 */
public record CategoryRow(Category category, Label label, LabelBatch labelBatch, Suggestion suggestion,
        List<LabelEvent> history, boolean saving) {

    public CategoryRow {
        history = List.copyOf(history);
    }

    /** Returns the cell's state, or {@code null} when unknown. */
    public CellState state() {
        return label == null ? null : label.state();
    }

    /** Returns the model's probability that the category is present, or {@code null} without a suggestion. */
    public Double probability() {
        return suggestion == null ? null : suggestion.probability();
    }

    /** Returns whether the cell has a suggestion waiting for a decision that can be accepted or rejected. */
    public boolean hasDecidableSuggestion() {
        return suggestion != null && suggestion.status() == SuggestionStatus.PENDING
                && suggestion.proposedState() != ProposedState.NONE
                && (label == null || !label.source().isHumanDecision());
    }

    /** Returns how sure the model is of its proposal: the probability of the proposed state. */
    public double confidence() {
        if (suggestion == null) {
            return 0;
        }
        return suggestion.proposedState() == ProposedState.NEGATIVE ? 1 - suggestion.probability()
                : suggestion.probability();
    }

    CategoryRow withSaving(Label newLabel, Suggestion newSuggestion) {
        return new CategoryRow(category, newLabel, null, newSuggestion, history, true);
    }
}
