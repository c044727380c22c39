package org.regiontag.app.gui.categories;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.regiontag.app.gui.ErrorMessages;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.Notifier;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.db.Project;
import org.regiontag.db.edit.EditResult;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.BrowseRepository;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelBatch;
import org.regiontag.db.repo.LabelBatchRepository;
import org.regiontag.db.repo.LabelEvent;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.LabelSource;
import org.regiontag.db.repo.Suggestion;
import org.regiontag.db.repo.SuggestionStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The category panel: every category's state on the shown image, the model's probability and
 * pending suggestion, and the decisions a person makes there.
 *
 * <p>A decision shows at once (the row changes before the store does) and is written on the
 * {@code writes} executor, one at a time in the order made, each as one undoable batch. When the
 * last write of the image is done, the rows are read again from the store, which also undoes the
 * optimistic change of a write that failed.
 */
public final class CategoryPanelViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(CategoryPanelViewModel.class);
    /** The batch id of a label shown before its write has created the batch; no stored batch has it. */
    private static final long UNSAVED_BATCH = 0;
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final UiExecutors executors;
    private final String actor;
    private final Notifier notifier;
    private final LongConsumer labelsChanged;

    private final ObservableList<CategoryRow> rows = FXCollections.observableArrayList();
    private final IntegerProperty selectedIndex = new SimpleIntegerProperty(this, "selectedIndex", -1);
    private final ObjectProperty<Category> selectedCategory = new SimpleObjectProperty<>(this, "selectedCategory");
    private final IntegerProperty pendingWrites = new SimpleIntegerProperty(this, "pendingWrites");

    private Project project;
    private LabelEditor editor;
    private List<Category> categories = List.of();
    private long imageId = -1;
    private String imagePath = "";
    /**
     * Changes with every load, so that late rows are dropped and superseded reads are skipped.
     * Written on the FX thread only.
     */
    private volatile long loadCount;
    private final Map<Long, Integer> writesByImage = new HashMap<>();

    /**
     * @param actor the user name recorded with every decision
     * @param labelsChanged called on the {@code ui} executor with the image whose labels a write changed
     */
    public CategoryPanelViewModel(UiExecutors executors, String actor, Notifier notifier, LongConsumer labelsChanged) {
        this.executors = executors;
        this.actor = actor;
        this.notifier = notifier;
        this.labelsChanged = labelsChanged;
        selectedIndex.addListener((observable, before, after) -> updateSelectedCategory());
    }

    /** Shows another project (or none): reads its categories, in display order. */
    public void setProject(Project newProject) {
        project = newProject;
        editor = newProject == null ? null : new LabelEditor(newProject.database());
        categories = List.of();
        imageId = -1;
        loadCount++;
        rows.clear();
        selectedIndex.set(-1);
        if (newProject == null) {
            return;
        }
        long started = loadCount;
        executors.reads().execute(() -> {
            try {
                List<Category> all = newProject.database().read(connection ->
                        new CategoryRepository(connection).findAllCategories());
                executors.ui().execute(() -> {
                    if (started == loadCount) {
                        categories = all;
                    }
                });
            } catch (RuntimeException e) {
                report("Reading the categories", e);
            }
        });
    }

    /** The rows of the shown image, one per category in display order. */
    public ObservableList<CategoryRow> rows() {
        return rows;
    }

    public ReadOnlyIntegerProperty selectedIndexProperty() {
        return selectedIndex;
    }

    /** The selected row's category, whose heatmap the image view draws; {@code null} when none. */
    public ReadOnlyObjectProperty<Category> selectedCategoryProperty() {
        return selectedCategory;
    }

    /** Decisions made but not yet written. */
    public ReadOnlyIntegerProperty pendingWritesProperty() {
        return pendingWrites;
    }

    /** Returns the shown image's id, or -1. */
    public long imageId() {
        return imageId;
    }

    /** Shows the categories of an image. The selected category stays selected. */
    public void load(long newImageId, String newImagePath) {
        imageId = newImageId;
        imagePath = newImagePath == null ? "" : newImagePath;
        reload();
    }

    /** Shows no image. */
    public void clear() {
        imageId = -1;
        loadCount++;
        rows.clear();
    }

    /** Reads the shown image's rows from the store again. */
    public void reload() {
        if (project == null || imageId < 0) {
            return;
        }
        long started = ++loadCount;
        long id = imageId;
        Project current = project;
        List<Category> known = categories;
        executors.reads().execute(() -> {
            if (started != loadCount) {
                // Another image was shown before this read started; its rows would be dropped anyway.
                return;
            }
            try {
                List<CategoryRow> read = readRows(current, id, known);
                executors.ui().execute(() -> {
                    if (started == loadCount && id == imageId) {
                        showRows(read);
                    }
                });
            } catch (RuntimeException e) {
                report("Reading the labels of image " + id, e);
            }
        });
    }

    public void select(int index) {
        if (rows.isEmpty()) {
            selectedIndex.set(-1);
            return;
        }
        selectedIndex.set(Math.max(0, Math.min(rows.size() - 1, index)));
        updateSelectedCategory();
    }

    public void selectNext() {
        select(selectedIndex.get() + 1);
    }

    public void selectPrevious() {
        select(Math.max(0, selectedIndex.get() - 1));
    }

    /** Accepts the selected category's pending suggestion. */
    public void acceptSelected() {
        decide(selectedIndex.get(), true);
    }

    /** Rejects the selected category's pending suggestion. */
    public void rejectSelected() {
        decide(selectedIndex.get(), false);
    }

    /** Accepts (or rejects) the suggestion of the row at {@code index}, as its buttons do. */
    public void decide(int index, boolean accept) {
        if (index < 0 || index >= rows.size() || editor == null) {
            return;
        }
        CategoryRow row = rows.get(index);
        if (!row.hasDecidableSuggestion()) {
            notifier.info(GuiText.text("categories.noSuggestion", row.category().name()));
            return;
        }
        Suggestion suggestion = row.suggestion();
        CellState proposed = suggestion.proposedState().cellState();
        CellState newState = accept ? proposed : opposite(proposed);
        Label optimistic = new Label(imageId, row.category().id(), newState,
                accept ? LabelSource.ACCEPTED_SUGGESTION : LabelSource.REJECTED_SUGGESTION, UNSAVED_BATCH);
        Suggestion decided = withStatus(suggestion, accept ? SuggestionStatus.ACCEPTED : SuggestionStatus.REJECTED);
        rows.set(index, row.withSaving(optimistic, decided));
        moveToNextDecidable(index);

        long id = imageId;
        long categoryId = row.category().id();
        LabelEditor target = editor;
        write(id, () -> accept ? target.acceptSuggestion(id, categoryId, actor)
                : target.rejectSuggestion(id, categoryId, actor));
    }

    /** Sets the selected category to positive, negative or ({@code null}) unknown. */
    public void markSelected(CellState state) {
        int index = selectedIndex.get();
        if (index < 0 || index >= rows.size() || editor == null) {
            return;
        }
        CategoryRow row = rows.get(index);
        if (row.state() == state && (row.label() == null || row.label().source() == LabelSource.ANNOTATOR)) {
            return;
        }
        Label optimistic = state == null ? null
                : new Label(imageId, row.category().id(), state, LabelSource.ANNOTATOR, UNSAVED_BATCH);
        rows.set(index, row.withSaving(optimistic, row.suggestion()));

        long id = imageId;
        long categoryId = row.category().id();
        String description = GuiText.text(state == null ? "edit.unknown" : "edit.set", row.category().name(),
                imagePath, state == null ? "" : state.storeName());
        LabelEditor target = editor;
        write(id, () -> target.setCell(id, categoryId, state, actor, description));
    }

    /**
     * Accepts, as one undoable batch, every pending suggestion of the image whose confidence
     * (the probability of the proposed state) is at least {@code threshold}.
     */
    public void acceptConfident(double threshold) {
        if (editor == null || imageId < 0) {
            return;
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CategoryRow row = rows.get(i);
            if (row.hasDecidableSuggestion() && row.confidence() >= threshold) {
                ids.add(row.suggestion().id());
                CellState proposed = row.suggestion().proposedState().cellState();
                rows.set(i, row.withSaving(new Label(imageId, row.category().id(), proposed,
                        LabelSource.ACCEPTED_SUGGESTION, UNSAVED_BATCH),
                        withStatus(row.suggestion(), SuggestionStatus.ACCEPTED)));
            }
        }
        if (ids.isEmpty()) {
            notifier.info(GuiText.text("categories.noneConfident", threshold));
            return;
        }
        long id = imageId;
        String description = GuiText.text("edit.acceptConfident", ids.size(), imagePath);
        LabelEditor target = editor;
        write(id, () -> target.decideSuggestions(ids, true, actor, description));
    }

    /**
     * Builds the tooltip text of a row: the state, where it came from, who set it and when, then
     * the cell's history, newest first.
     */
    public static String provenance(CategoryRow row) {
        StringBuilder text = new StringBuilder();
        Label label = row.label();
        if (label == null) {
            text.append(GuiText.text("provenance.unknown"));
        } else {
            LabelBatch batch = row.labelBatch();
            text.append(GuiText.text("provenance.label", GuiText.text("state." + label.state().storeName()),
                    GuiText.text("source." + label.source().storeName()), batch == null ? "" : batch.actor(),
                    batch == null ? "" : shownTime(batch.createdAt())));
        }
        Suggestion suggestion = row.suggestion();
        if (suggestion != null) {
            text.append('\n').append(GuiText.text("provenance.suggestion", suggestion.modelVersionId(),
                    suggestion.probability(), GuiText.text("proposed." + suggestion.proposedState().storeName()),
                    GuiText.text("suggestionStatus." + suggestion.status().storeName())));
        }
        if (!row.history().isEmpty()) {
            text.append('\n').append(GuiText.text("provenance.history"));
            List<LabelEvent> events = row.history();
            for (int i = events.size() - 1; i >= 0; i--) {
                LabelEvent event = events.get(i);
                text.append('\n').append(GuiText.text("provenance.event", shownTime(event.createdAt()),
                        stateName(event.oldState()), stateName(event.newState()), event.actor(),
                        event.reason() == null ? "" : event.reason()));
            }
        }
        return text.toString();
    }

    private void write(long id, Supplier<EditResult> edit) {
        writesByImage.merge(id, 1, Integer::sum);
        pendingWrites.set(pendingWrites.get() + 1);
        executors.writes().execute(() -> {
            String failure = null;
            try {
                edit.get();
            } catch (RuntimeException e) {
                failure = ErrorMessages.describe(e);
                if (ErrorMessages.isUserError(e)) {
                    LOG.info("A decision on image {} was not written: {}", id, failure);
                } else {
                    LOG.error("Writing a decision on image {} failed", id, e);
                }
            }
            String failed = failure;
            executors.ui().execute(() -> {
                pendingWrites.set(pendingWrites.get() - 1);
                int left = writesByImage.merge(id, -1, Integer::sum);
                if (left <= 0) {
                    writesByImage.remove(id);
                }
                if (failed != null) {
                    notifier.error(failed);
                }
                labelsChanged.accept(id);
                if (left <= 0 && id == imageId) {
                    reload();
                }
            });
        });
    }

    private void showRows(List<CategoryRow> read) {
        Category selected = selectedCategory.get();
        if (rows.size() == read.size()) {
            // Replacing only the rows that changed keeps the list from updating every cell.
            for (int i = 0; i < read.size(); i++) {
                if (!rows.get(i).equals(read.get(i))) {
                    rows.set(i, read.get(i));
                }
            }
        } else {
            rows.setAll(read);
        }
        int index = -1;
        if (selected != null) {
            for (int i = 0; i < read.size(); i++) {
                if (read.get(i).category().id() == selected.id()) {
                    index = i;
                }
            }
        }
        select(index >= 0 ? index : 0);
    }

    private void moveToNextDecidable(int from) {
        for (int i = from + 1; i < rows.size(); i++) {
            if (rows.get(i).hasDecidableSuggestion()) {
                select(i);
                return;
            }
        }
    }

    private void updateSelectedCategory() {
        int index = selectedIndex.get();
        Category category = index >= 0 && index < rows.size() ? rows.get(index).category() : null;
        if (category == null || selectedCategory.get() == null || selectedCategory.get().id() != category.id()) {
            selectedCategory.set(category);
        }
    }

    private static List<CategoryRow> readRows(Project project, long id, List<Category> known) {
        return project.database().read(connection -> {
            List<Category> categories = known.isEmpty()
                    ? new CategoryRepository(connection).findAllCategories() : known;
            Map<Long, Label> labels = new HashMap<>();
            Map<Long, LabelBatch> batches = new HashMap<>();
            LabelBatchRepository batchRepository = new LabelBatchRepository(connection);
            for (Label label : new LabelRepository(connection).findLabelsByImage(id)) {
                labels.put(label.categoryId(), label);
                if (!batches.containsKey(label.batchId())) {
                    batches.put(label.batchId(), batchRepository.findBatch(label.batchId()).orElse(null));
                }
            }
            BrowseRepository browse = new BrowseRepository(connection);
            Map<Long, Suggestion> suggestions = new HashMap<>();
            for (Suggestion suggestion : browse.findLatestSuggestionsByImage(id)) {
                suggestions.put(suggestion.categoryId(), suggestion);
            }
            Map<Long, List<LabelEvent>> history = new HashMap<>();
            for (LabelEvent event : browse.findLabelEventsByImage(id)) {
                history.computeIfAbsent(event.categoryId(), key -> new ArrayList<>()).add(event);
            }
            List<CategoryRow> result = new ArrayList<>(categories.size());
            for (Category category : categories) {
                Label label = labels.get(category.id());
                result.add(new CategoryRow(category, label, label == null ? null : batches.get(label.batchId()),
                        suggestions.get(category.id()), history.getOrDefault(category.id(), List.of()), false));
            }
            return result;
        });
    }

    private static Suggestion withStatus(Suggestion suggestion, SuggestionStatus status) {
        return new Suggestion(suggestion.id(), suggestion.imageId(), suggestion.categoryId(),
                suggestion.modelVersionId(), suggestion.probability(), suggestion.visualScore(),
                suggestion.textScore(), suggestion.proposedState(), suggestion.informativeness(),
                suggestion.possibleError(), status, suggestion.createdAt(), suggestion.decidedBy(),
                suggestion.decidedAt());
    }

    private static CellState opposite(CellState state) {
        return state == CellState.POSITIVE ? CellState.NEGATIVE : CellState.POSITIVE;
    }

    private static String stateName(CellState state) {
        return GuiText.text(state == null ? "state.unknown" : "state." + state.storeName());
    }

    /** Returns a stored time (UTC, ISO-8601) in the local time zone, to the minute; unparsable text as is. */
    static String shownTime(String stored) {
        if (stored == null) {
            return "";
        }
        try {
            return SHOWN_TIME.format(Instant.parse(stored));
        } catch (DateTimeParseException e) {
            return stored;
        }
    }

    private void report(String what, RuntimeException e) {
        LOG.error("{} failed", what, e);
        String sentence = ErrorMessages.describe(e);
        executors.ui().execute(() -> notifier.error(sentence));
    }
}
