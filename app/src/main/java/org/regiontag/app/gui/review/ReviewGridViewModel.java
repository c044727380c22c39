package org.regiontag.app.gui.review;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.regiontag.app.gui.ErrorMessages;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.Notifier;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.db.Project;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.repo.BrowseRepository;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.DatasetRoot;
import org.regiontag.db.repo.DatasetRootRepository;
import org.regiontag.db.repo.ImageSummary;
import org.regiontag.db.repo.ReviewSelection;
import org.regiontag.db.repo.Suggestion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The category review grid: for one category, a page of the images whose cell the model proposes
 * positive (or flags as a possible label error), most confident first. The person rejects the
 * outliers one by one, then accepts every image left on the page with one key, and the next page
 * is there at once: it was read ahead while the current one was reviewed.
 *
 * <p>Each reject is one undoable batch, written at once; accepting a page is one batch.
 */
public final class ReviewGridViewModel {

    /** Images per page: a screenful of thumbnails that a person can scan in a few seconds. */
    public static final int PAGE_SIZE = 50;
    private static final Logger LOG = LoggerFactory.getLogger(ReviewGridViewModel.class);

    private final UiExecutors executors;
    private final Project project;
    private final String actor;
    private final Notifier notifier;
    private final Runnable labelsChanged;
    private final LabelEditor editor;

    private final ObservableList<Category> categories = FXCollections.observableArrayList();
    private final ObjectProperty<Category> category = new SimpleObjectProperty<>(this, "category");
    private final ObjectProperty<ReviewSelection> selection = new SimpleObjectProperty<>(this, "selection",
            ReviewSelection.PROPOSED_POSITIVE);
    private final ObservableList<ReviewTile> tiles = FXCollections.observableArrayList();
    private final IntegerProperty focusIndex = new SimpleIntegerProperty(this, "focusIndex", -1);
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final IntegerProperty accepted = new SimpleIntegerProperty(this, "accepted");
    private final IntegerProperty rejected = new SimpleIntegerProperty(this, "rejected");

    private Map<Long, Path> roots = Map.of();
    /** Tiles read ahead beyond the page shown, in order. */
    private final List<ReviewTile> ahead = new ArrayList<>();
    /** Changes with every new category or selection, so that late reads for another one are dropped. */
    private long generation;

    /**
     * @param labelsChanged runs on the {@code ui} executor after each write, so that the main window
     *     refreshes its badges and counts
     */
    public ReviewGridViewModel(UiExecutors executors, Project project, String actor, Notifier notifier,
            Runnable labelsChanged) {
        this.executors = executors;
        this.project = project;
        this.actor = actor;
        this.notifier = notifier;
        this.labelsChanged = labelsChanged;
        this.editor = new LabelEditor(project.database());
        category.addListener((observable, before, after) -> reload());
        selection.addListener((observable, before, after) -> reload());
    }

    /** Reads the categories and dataset roots, then shows {@code initial} (or the first category). */
    public void start(Category initial) {
        executors.reads().execute(() -> {
            try {
                List<Category> all = project.database().read(connection ->
                        new CategoryRepository(connection).findAllCategories());
                Map<Long, Path> rootPaths = new HashMap<>();
                for (DatasetRoot root : project.database().read(connection ->
                        new DatasetRootRepository(connection).findAllRoots())) {
                    rootPaths.put(root.id(), root.path());
                }
                executors.ui().execute(() -> {
                    roots = rootPaths;
                    categories.setAll(all);
                    Category chosen = initial != null ? initial : all.isEmpty() ? null : all.get(0);
                    if (chosen != null && chosen.equals(category.get())) {
                        reload();
                    } else {
                        category.set(chosen);
                    }
                });
            } catch (RuntimeException e) {
                report("Reading the categories", e);
            }
        });
    }

    public ObservableList<Category> categories() {
        return categories;
    }

    public ObjectProperty<Category> categoryProperty() {
        return category;
    }

    /** Which suggestions the grid shows: proposed positives or possible label errors. */
    public ObjectProperty<ReviewSelection> selectionProperty() {
        return selection;
    }

    /** The page shown, most confident first. */
    public ObservableList<ReviewTile> tiles() {
        return tiles;
    }

    /** The tile the keys act on, or -1. */
    public IntegerProperty focusIndexProperty() {
        return focusIndex;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    /** Suggestions accepted in this grid since it opened. */
    public ReadOnlyIntegerProperty acceptedProperty() {
        return accepted;
    }

    /** Suggestions rejected in this grid since it opened. */
    public ReadOnlyIntegerProperty rejectedProperty() {
        return rejected;
    }

    /** Returns the file of a tile's image. */
    public Path fileOf(ReviewTile tile) {
        Path root = roots.get(tile.image().rootId());
        return root == null ? Path.of(tile.image().path()) : root.resolve(tile.image().path());
    }

    public void moveFocus(int delta) {
        if (tiles.isEmpty()) {
            focusIndex.set(-1);
            return;
        }
        focusIndex.set(Math.max(0, Math.min(tiles.size() - 1, focusIndex.get() + delta)));
    }

    /** Rejects the focused tile's suggestion. */
    public void rejectFocused() {
        reject(focusIndex.get());
    }

    /** Rejects one tile's suggestion at once, as one undoable batch; a tile already rejected stays so. */
    public void reject(int index) {
        if (index < 0 || index >= tiles.size() || tiles.get(index).decision() == ReviewTile.Decision.REJECTED) {
            return;
        }
        ReviewTile tile = tiles.get(index);
        tiles.set(index, tile.withDecision(ReviewTile.Decision.REJECTED));
        rejected.set(rejected.get() + 1);
        long suggestionId = tile.suggestion().id();
        executors.writes().execute(() -> {
            String failure = null;
            try {
                editor.decideSuggestions(List.of(suggestionId), false, actor,
                        GuiText.text("review.rejectDescription", category.get().name(), tile.image() == null
                                ? "" : tile.image().path()));
            } catch (RuntimeException e) {
                failure = failureOf("Rejecting suggestion " + suggestionId, e);
            }
            String failed = failure;
            executors.ui().execute(() -> {
                if (failed != null) {
                    notifier.error(failed);
                    undoOptimistic(suggestionId);
                }
                labelsChanged.run();
            });
        });
    }

    /**
     * Accepts every suggestion on the page that was not rejected, as one undoable batch, and shows
     * the next page.
     */
    public void acceptPage() {
        List<Long> ids = new ArrayList<>();
        Set<Long> shown = new HashSet<>();
        for (ReviewTile tile : tiles) {
            shown.add(tile.suggestion().id());
            if (tile.decision() == ReviewTile.Decision.NONE) {
                ids.add(tile.suggestion().id());
            }
        }
        if (tiles.isEmpty()) {
            return;
        }
        accepted.set(accepted.get() + ids.size());
        showNextPage();

        Category current = category.get();
        ReviewSelection currentSelection = selection.get();
        long started = generation;
        executors.writes().execute(() -> {
            String failure = null;
            try {
                if (!ids.isEmpty()) {
                    editor.decideSuggestions(ids, true, actor, GuiText.text("review.acceptDescription", ids.size(),
                            current.name()));
                }
            } catch (RuntimeException e) {
                failure = failureOf("Accepting a page of " + current.name(), e);
            }
            String failed = failure;
            // Read after the write, on its thread, so the page just accepted is no longer pending.
            List<ReviewTile> next = readTiles(current, currentSelection, 2 * PAGE_SIZE);
            executors.ui().execute(() -> {
                if (failed != null) {
                    notifier.error(failed);
                    accepted.set(accepted.get() - ids.size());
                }
                labelsChanged.run();
                if (started == generation && next != null) {
                    refill(next, shown);
                }
            });
        });
    }

    /** Reads the page again (after an undo in the main window, say). */
    public void reload() {
        Category current = category.get();
        ReviewSelection currentSelection = selection.get();
        long started = ++generation;
        tiles.clear();
        ahead.clear();
        focusIndex.set(-1);
        if (current == null) {
            return;
        }
        loading.set(true);
        executors.reads().execute(() -> {
            List<ReviewTile> read = readTiles(current, currentSelection, 2 * PAGE_SIZE);
            executors.ui().execute(() -> {
                if (started != generation) {
                    return;
                }
                loading.set(false);
                if (read != null) {
                    refill(read, Set.of());
                }
            });
        });
    }

    private void showNextPage() {
        tiles.clear();
        int count = Math.min(PAGE_SIZE, ahead.size());
        tiles.setAll(new ArrayList<>(ahead.subList(0, count)));
        ahead.subList(0, count).clear();
        focusIndex.set(tiles.isEmpty() ? -1 : 0);
    }

    /**
     * Takes freshly read tiles: those not on the page and not just accepted go behind the page, and
     * the page is filled up to its size from them.
     */
    private void refill(List<ReviewTile> read, Set<Long> justDecided) {
        Set<Long> onPage = new HashSet<>();
        for (ReviewTile tile : tiles) {
            onPage.add(tile.suggestion().id());
        }
        ahead.clear();
        for (ReviewTile tile : read) {
            long id = tile.suggestion().id();
            if (!onPage.contains(id) && !justDecided.contains(id)) {
                ahead.add(tile);
            }
        }
        while (tiles.size() < PAGE_SIZE && !ahead.isEmpty()) {
            tiles.add(ahead.remove(0));
        }
        if (focusIndex.get() < 0 && !tiles.isEmpty()) {
            focusIndex.set(0);
        }
    }

    private List<ReviewTile> readTiles(Category current, ReviewSelection currentSelection, int limit) {
        try {
            return project.database().read(connection -> {
                BrowseRepository browse = new BrowseRepository(connection);
                List<Suggestion> suggestions = browse.findPendingSuggestionsByCategory(current.id(), currentSelection,
                        limit);
                List<Long> imageIds = suggestions.stream().map(Suggestion::imageId).toList();
                Map<Long, ImageSummary> images = new HashMap<>();
                for (ImageSummary summary : browse.findImageSummaries(imageIds)) {
                    images.put(summary.id(), summary);
                }
                List<ReviewTile> result = new ArrayList<>();
                for (Suggestion suggestion : suggestions) {
                    ImageSummary image = images.get(suggestion.imageId());
                    if (image != null) {
                        result.add(new ReviewTile(suggestion, image, ReviewTile.Decision.NONE));
                    }
                }
                return result;
            });
        } catch (RuntimeException e) {
            report("Reading the suggestions of " + current.name(), e);
            return null;
        }
    }

    private void undoOptimistic(long suggestionId) {
        for (int i = 0; i < tiles.size(); i++) {
            if (tiles.get(i).suggestion().id() == suggestionId) {
                tiles.set(i, tiles.get(i).withDecision(ReviewTile.Decision.NONE));
                rejected.set(rejected.get() - 1);
            }
        }
    }

    private String failureOf(String what, RuntimeException e) {
        if (ErrorMessages.isUserError(e)) {
            LOG.info("{} failed: {}", what, e.getMessage());
        } else {
            LOG.error("{} failed", what, e);
        }
        return ErrorMessages.describe(e);
    }

    private void report(String what, RuntimeException e) {
        String sentence = failureOf(what, e);
        executors.ui().execute(() -> notifier.error(sentence));
    }
}
