package org.regiontag.app.gui.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.embed.swing.SwingFXUtils;
import org.regiontag.app.gui.ErrorMessages;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.db.Project;
import org.regiontag.db.image.ImageDecodeException;
import org.regiontag.db.image.ImageDecoder;
import org.regiontag.db.io.Split;
import org.regiontag.db.repo.BrowseRepository;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.DatasetRoot;
import org.regiontag.db.repo.DatasetRootRepository;
import org.regiontag.db.repo.ImageQuery;
import org.regiontag.db.repo.ImageSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image browser: which images pass the filters, in which order, which one is selected, and the
 * summary each thumbnail shows.
 *
 * <p>The ids of all images that pass the filters are read in one query (8 bytes each, so a
 * million images take 8 MB); their summaries are read in pages of {@value #PAGE_SIZE} when a
 * thumbnail of the page first requests one, and at most {@value #MAX_PAGES} pages are kept. A
 * 100,000-image project therefore never holds more than a few thousand summaries.
 */
public final class BrowserViewModel {

    public static final int PAGE_SIZE = 200;
    public static final int MAX_PAGES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(BrowserViewModel.class);

    private final UiExecutors executors;
    private final Consumer<String> errors;

    private final ObjectProperty<Split> split = new SimpleObjectProperty<>(this, "split");
    private final ObjectProperty<Category> unknownCategory = new SimpleObjectProperty<>(this, "unknownCategory");
    private final BooleanProperty withSuggestions = new SimpleBooleanProperty(this, "withSuggestions");
    private final BooleanProperty possibleErrors = new SimpleBooleanProperty(this, "possibleErrors");
    private final ObjectProperty<ImageQuery.ImageOrder> order = new SimpleObjectProperty<>(this, "order",
            ImageQuery.ImageOrder.ID);

    private final IntegerProperty imageCount = new SimpleIntegerProperty(this, "imageCount");
    private final IntegerProperty selectedIndex = new SimpleIntegerProperty(this, "selectedIndex", -1);
    private final LongProperty selectedImageId = new SimpleLongProperty(this, "selectedImageId", -1);
    private final LongProperty summariesRevision = new SimpleLongProperty(this, "summariesRevision");
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final ObjectProperty<Project> project = new SimpleObjectProperty<>(this, "project");
    private final ObservableList<Category> categories = FXCollections.observableArrayList();

    private long[] ids = new long[0];
    private Map<Long, Path> roots = Map.of();
    private final LinkedHashMap<Integer, ImageSummary[]> pages = new LinkedHashMap<>(64, 0.75f, true);
    private final Set<Integer> pagesLoading = new HashSet<>();
    /** Changes whenever the list of ids changes, so that late results of an older list are dropped. */
    private int generation;
    /** Set while the filters are reset together, so that they start one query instead of five. */
    private boolean resettingFilters;

    /**
     * @param errors receives the sentence to show when a read fails, on the {@code ui} executor
     */
    public BrowserViewModel(UiExecutors executors, Consumer<String> errors) {
        this.executors = executors;
        this.errors = errors;
        split.addListener((observable, before, after) -> filtersChanged());
        unknownCategory.addListener((observable, before, after) -> filtersChanged());
        withSuggestions.addListener((observable, before, after) -> filtersChanged());
        possibleErrors.addListener((observable, before, after) -> filtersChanged());
        order.addListener((observable, before, after) -> filtersChanged());
    }

    /** Shows another project (or none), with the filters cleared. */
    public void setProject(Project newProject) {
        project.set(newProject);
        generation++;
        ids = new long[0];
        pages.clear();
        pagesLoading.clear();
        imageCount.set(0);
        selectedIndex.set(-1);
        selectedImageId.set(-1);
        categories.clear();
        roots = Map.of();
        if (newProject == null) {
            return;
        }
        int started = generation;
        executors.reads().execute(() -> {
            try {
                List<Category> all = newProject.database().read(
                        connection -> new CategoryRepository(connection).findAllCategories());
                List<DatasetRoot> rootList = newProject.database().read(
                        connection -> new DatasetRootRepository(connection).findAllRoots());
                Map<Long, Path> rootPaths = new HashMap<>();
                for (DatasetRoot root : rootList) {
                    rootPaths.put(root.id(), root.path());
                }
                executors.ui().execute(() -> {
                    if (started != generation) {
                        return;
                    }
                    roots = rootPaths;
                    categories.setAll(all);
                    clearFiltersQuietly();
                    refresh();
                });
            } catch (RuntimeException e) {
                report("Reading the categories and dataset roots", e);
            }
        });
    }

    /** Re-reads the dataset roots, after a relink moved one. */
    public void reloadRoots() {
        Project current = project.get();
        if (current == null) {
            return;
        }
        executors.reads().execute(() -> {
            try {
                Map<Long, Path> rootPaths = new HashMap<>();
                for (DatasetRoot root : current.database().read(
                        connection -> new DatasetRootRepository(connection).findAllRoots())) {
                    rootPaths.put(root.id(), root.path());
                }
                executors.ui().execute(() -> {
                    roots = rootPaths;
                    pages.clear();
                    summariesRevision.set(summariesRevision.get() + 1);
                });
            } catch (RuntimeException e) {
                report("Reading the dataset roots", e);
            }
        });
    }

    public ObjectProperty<Split> splitProperty() {
        return split;
    }

    /** Only images whose label for this category is unknown; {@code null} for no such filter. */
    public ObjectProperty<Category> unknownCategoryProperty() {
        return unknownCategory;
    }

    /** Only images with a pending suggestion. */
    public BooleanProperty withSuggestionsProperty() {
        return withSuggestions;
    }

    /** Only images with a suggestion that disagrees with an imported label. */
    public BooleanProperty possibleErrorsProperty() {
        return possibleErrors;
    }

    public ObjectProperty<ImageQuery.ImageOrder> orderProperty() {
        return order;
    }

    /** The project's categories in display order, for the "unknown for" filter. */
    public ObservableList<Category> categories() {
        return categories;
    }

    /** How many images pass the filters. */
    public ReadOnlyIntegerProperty imageCountProperty() {
        return imageCount;
    }

    public ReadOnlyIntegerProperty selectedIndexProperty() {
        return selectedIndex;
    }

    /** The selected image's id, or -1. */
    public ReadOnlyLongProperty selectedImageIdProperty() {
        return selectedImageId;
    }

    /** Increases whenever summaries arrive or are dropped, so that visible thumbnails redraw. */
    public ReadOnlyLongProperty summariesRevisionProperty() {
        return summariesRevision;
    }

    /** Whether the list of images is being read. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    public ReadOnlyObjectProperty<Project> projectProperty() {
        return project;
    }

    /** Returns the id of the image at a position of the list. */
    public long imageIdAt(int index) {
        return ids[index];
    }

    /** Returns the position of an image in the list, or -1. */
    public int indexOf(long imageId) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == imageId) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the summary of the image at a position, or {@code null} while its page is being read
     * (the read starts now, and {@link #summariesRevisionProperty()} changes when it arrives).
     */
    public ImageSummary summaryAt(int index) {
        if (index < 0 || index >= ids.length) {
            return null;
        }
        int page = index / PAGE_SIZE;
        ImageSummary[] summaries = pages.get(page);
        if (summaries == null) {
            loadPage(page);
            // An executor that runs at once (in tests) has stored the page by now.
            summaries = pages.get(page);
            if (summaries == null) {
                return null;
            }
        }
        return summaries[index % PAGE_SIZE];
    }

    /** Returns the file of an image, from its dataset root and relative path. */
    public Path fileOf(ImageSummary summary) {
        Path root = roots.get(summary.rootId());
        return root == null ? Path.of(summary.path()) : root.resolve(summary.path());
    }

    /**
     * Returns the thumbnail loader: the image decoder at a small size, with a missing or damaged
     * file turned into a thumbnail marked missing or damaged.
     */
    public ThumbnailCache.Loader thumbnailLoader() {
        ImageDecoder decoder = new ImageDecoder();
        return (file, maxSide) -> {
            try {
                return Thumbnail.of(SwingFXUtils.toFXImage(decoder.decode(file, maxSide), null));
            } catch (ImageDecodeException e) {
                return Files.exists(file) ? Thumbnail.damaged(e.getMessage()) : Thumbnail.missing(e.getMessage());
            }
        };
    }

    /** Returns the folder of a dataset root, or {@code null} when unknown. */
    public Path rootPath(long rootId) {
        return roots.get(rootId);
    }

    public void select(int index) {
        if (ids.length == 0) {
            selectedIndex.set(-1);
            selectedImageId.set(-1);
            return;
        }
        int clamped = Math.max(0, Math.min(ids.length - 1, index));
        selectedIndex.set(clamped);
        selectedImageId.set(ids[clamped]);
    }

    public void selectNext() {
        select(selectedIndex.get() + 1);
    }

    public void selectPrevious() {
        select(Math.max(0, selectedIndex.get() - 1));
    }

    /**
     * Reads the list of images again with the current filters. The selected image stays selected
     * when it still passes them; otherwise the image now at its position is.
     */
    public void refresh() {
        Project current = project.get();
        if (current == null) {
            return;
        }
        ImageQuery query = new ImageQuery(split.get(), unknownCategory.get() == null ? null
                : unknownCategory.get().id(), withSuggestions.get(), possibleErrors.get(), order.get());
        int started = ++generation;
        loading.set(true);
        executors.reads().execute(() -> {
            try {
                long start = System.nanoTime();
                long[] found = current.database().read(connection -> new BrowseRepository(connection)
                        .findImageIds(query));
                LOG.debug("Listed {} images in {} ms", found.length, (System.nanoTime() - start) / 1_000_000);
                executors.ui().execute(() -> applyIds(started, found));
            } catch (RuntimeException e) {
                executors.ui().execute(() -> loading.set(false));
                report("Listing the images", e);
            }
        });
    }

    /** Reads the summary of one image again, after its labels or suggestions changed. */
    public void reloadSummary(long imageId) {
        int index = indexOf(imageId);
        if (index < 0) {
            return;
        }
        int page = index / PAGE_SIZE;
        pagesLoading.remove(page);
        loadPage(page);
    }

    /** Drops every summary, so that the visible thumbnails read them again (after an undo or a new round). */
    public void reloadAllSummaries() {
        pages.clear();
        pagesLoading.clear();
        summariesRevision.set(summariesRevision.get() + 1);
    }

    private void applyIds(int started, long[] found) {
        if (started != generation) {
            return;
        }
        long previous = selectedImageId.get();
        int previousIndex = selectedIndex.get();
        ids = found;
        pages.clear();
        pagesLoading.clear();
        imageCount.set(found.length);
        loading.set(false);
        summariesRevision.set(summariesRevision.get() + 1);

        int index = previous < 0 ? 0 : indexOf(previous);
        if (index < 0) {
            index = Math.max(0, previousIndex);
        }
        select(index);
    }

    private void loadPage(int page) {
        if (!pagesLoading.add(page)) {
            return;
        }
        Project current = project.get();
        int started = generation;
        int from = page * PAGE_SIZE;
        int to = Math.min(ids.length, from + PAGE_SIZE);
        List<Long> pageIds = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            pageIds.add(ids[i]);
        }
        executors.reads().execute(() -> {
            try {
                List<ImageSummary> found = current.database().read(connection -> new BrowseRepository(connection)
                        .findImageSummaries(pageIds));
                Map<Long, ImageSummary> byId = new HashMap<>();
                for (ImageSummary summary : found) {
                    byId.put(summary.id(), summary);
                }
                ImageSummary[] summaries = new ImageSummary[pageIds.size()];
                for (int i = 0; i < summaries.length; i++) {
                    summaries[i] = byId.get(pageIds.get(i));
                }
                executors.ui().execute(() -> storePage(started, page, summaries));
            } catch (RuntimeException e) {
                executors.ui().execute(() -> pagesLoading.remove(page));
                report("Reading the image summaries", e);
            }
        });
    }

    private void storePage(int started, int page, ImageSummary[] summaries) {
        if (started != generation) {
            return;
        }
        pagesLoading.remove(page);
        pages.put(page, summaries);
        while (pages.size() > MAX_PAGES) {
            Integer eldest = pages.keySet().iterator().next();
            pages.remove(eldest);
        }
        summariesRevision.set(summariesRevision.get() + 1);
    }

    private void filtersChanged() {
        if (!resettingFilters) {
            refresh();
        }
    }

    /** Clears the filters without a query per filter; the caller refreshes once. */
    private void clearFiltersQuietly() {
        resettingFilters = true;
        try {
            split.set(null);
            unknownCategory.set(null);
            withSuggestions.set(false);
            possibleErrors.set(false);
            order.set(ImageQuery.ImageOrder.ID);
        } finally {
            resettingFilters = false;
        }
    }

    private void report(String what, RuntimeException e) {
        LOG.error("{} failed", what, e);
        String sentence = ErrorMessages.describe(e);
        executors.ui().execute(() -> errors.accept(sentence));
    }
}
