package org.regiontag.app.gui.why;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import org.regiontag.app.gui.ErrorMessages;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.app.gui.image.ImageViewModel;
import org.regiontag.app.services.Heatmap;
import org.regiontag.app.services.HeatmapSource;
import org.regiontag.app.services.MapKind;
import org.regiontag.app.services.RegionNeighbours;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.image.ImageDecodeException;
import org.regiontag.db.image.ImageDecoder;
import org.regiontag.db.repo.BrowseRepository;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.DatasetRoot;
import org.regiontag.db.repo.DatasetRootRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.db.repo.ImageSummary;
import org.regiontag.db.repo.Suggestion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Why this suggestion": beside one suggestion, its image with the category's region heatmap, and
 * the few known-positive images whose representation for the category is nearest, which is what the
 * model compares the image with.
 *
 * <p>The neighbours come from {@link RegionNeighbours}, the heatmap from {@link HeatmapSource}; a
 * build without them shows a sentence saying so.
 */
public final class WhyViewModel {

    /** Neighbours shown: enough to see what the model compares with, few enough to take in at a glance. */
    public static final int NEIGHBOURS = 4;
    private static final int PICTURE_SIDE = 384;
    private static final Logger LOG = LoggerFactory.getLogger(WhyViewModel.class);

    private final UiExecutors executors;
    private final Project project;
    private final HeatmapSource heatmaps;
    private final RegionNeighbours neighbours;
    private final ImageDecoder decoder = new ImageDecoder();

    private final StringProperty summary = new SimpleStringProperty(this, "summary", "");
    private final ObjectProperty<Image> picture = new SimpleObjectProperty<>(this, "picture");
    private final ObjectProperty<ImageViewModel.Overlay> overlay = new SimpleObjectProperty<>(this, "overlay");
    private final StringProperty hint = new SimpleStringProperty(this, "hint", "");
    private final ObservableList<Neighbour> nearest = FXCollections.observableArrayList();

    /**
     * A known-positive neighbour.
     *
     * @param image the image's summary
     * @param file its file
     * @param similarity the cosine similarity of the representations
     */
    public record Neighbour(ImageSummary image, Path file, double similarity) {
    }

    public WhyViewModel(UiExecutors executors, Project project, HeatmapSource heatmaps, RegionNeighbours neighbours) {
        this.executors = executors;
        this.project = project;
        this.heatmaps = heatmaps;
        this.neighbours = neighbours;
    }

    /** The suggestion in words: category, probability, proposal and prototype scores. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    /** The image, decoded small. */
    public ReadOnlyObjectProperty<Image> pictureProperty() {
        return picture;
    }

    /** The region heatmap over it, or {@code null}. */
    public ReadOnlyObjectProperty<ImageViewModel.Overlay> overlayProperty() {
        return overlay;
    }

    /** Why the heatmap or the neighbours are missing, or empty. */
    public ReadOnlyStringProperty hintProperty() {
        return hint;
    }

    /** The nearest known positives, nearest first. */
    public ObservableList<Neighbour> nearest() {
        return nearest;
    }

    /** Reads everything for one suggestion off the FX thread. */
    public void show(Category category, Suggestion suggestion) {
        summary.set(GuiText.text("why.summary", category.name(), suggestion.probability(),
                GuiText.text("proposed." + suggestion.proposedState().storeName()),
                suggestion.visualScore() == null ? "\u2014" : String.format("%.3f", suggestion.visualScore()),
                suggestion.textScore() == null ? "\u2014" : String.format("%.3f", suggestion.textScore())));
        executors.reads().execute(() -> {
            List<String> hints = new ArrayList<>();
            try {
                ImageRecord record = project.database().read(connection ->
                        new ImageRepository(connection).findImageById(suggestion.imageId())).orElse(null);
                Map<Long, Path> roots = roots();
                Image decoded = null;
                ImageViewModel.Overlay rendered = null;
                if (record != null) {
                    decoded = decode(roots.get(record.rootId()), record.path(), hints);
                    Heatmap heatmap = heatmaps.heatmap(record, category, MapKind.REGION);
                    if (!heatmap.isAvailable()) {
                        heatmap = heatmaps.heatmap(record, category, MapKind.TEXT_PIXEL);
                    }
                    if (heatmap.isAvailable()) {
                        rendered = ImageViewModel.render(heatmap, record);
                    } else {
                        hints.add(heatmap.hint());
                    }
                }
                List<Neighbour> found = nearestPositives(suggestion, category, roots, hints);
                Image image = decoded;
                ImageViewModel.Overlay colours = rendered;
                executors.ui().execute(() -> {
                    picture.set(image);
                    overlay.set(colours);
                    nearest.setAll(found);
                    hint.set(String.join(" ", hints));
                });
            } catch (IOException | RuntimeException e) {
                LOG.error("Reading why suggestion {} was made failed", suggestion.id(), e);
                String sentence = ErrorMessages.describe(e);
                executors.ui().execute(() -> hint.set(sentence));
            }
        });
    }

    private List<Neighbour> nearestPositives(Suggestion suggestion, Category category, Map<Long, Path> roots,
            List<String> hints) throws IOException {
        List<RegionNeighbours.Neighbour> found;
        try {
            found = neighbours.nearestKnownPositives(suggestion.imageId(), category.id(), NEIGHBOURS);
        } catch (UserInputException e) {
            // No trained version, or no cached features: the heatmap is still worth showing.
            LOG.info("No nearest known positives for suggestion {}: {}", suggestion.id(), e.getMessage());
            hints.add(GuiText.text("why.neighboursMissing", e.getMessage()));
            return List.of();
        }
        if (found.isEmpty()) {
            hints.add(GuiText.text("why.noNeighbours"));
            return List.of();
        }
        List<Long> ids = found.stream().map(RegionNeighbours.Neighbour::imageId).toList();
        Map<Long, ImageSummary> summaries = new HashMap<>();
        for (ImageSummary image : project.database().read(connection ->
                new BrowseRepository(connection).findImageSummaries(ids))) {
            summaries.put(image.id(), image);
        }
        List<Neighbour> result = new ArrayList<>();
        for (RegionNeighbours.Neighbour neighbour : found) {
            ImageSummary image = summaries.get(neighbour.imageId());
            if (image != null) {
                Path root = roots.get(image.rootId());
                result.add(new Neighbour(image, root == null ? Path.of(image.path()) : root.resolve(image.path()),
                        neighbour.similarity()));
            }
        }
        return result;
    }

    private Map<Long, Path> roots() {
        Map<Long, Path> roots = new HashMap<>();
        for (DatasetRoot root : project.database().read(connection ->
                new DatasetRootRepository(connection).findAllRoots())) {
            roots.put(root.id(), root.path());
        }
        return roots;
    }

    private Image decode(Path root, String path, List<String> hints) {
        Path file = root == null ? Path.of(path) : root.resolve(path);
        try {
            BufferedImage image = decoder.decode(file, PICTURE_SIDE);
            return SwingFXUtils.toFXImage(image, null);
        } catch (ImageDecodeException e) {
            hints.add(e.getMessage());
            return null;
        }
    }

    /** Returns the suggestion of the selected category row, if it has one. */
    public static Optional<Suggestion> suggestionOf(org.regiontag.app.gui.categories.CategoryRow row) {
        return row == null ? Optional.empty() : Optional.ofNullable(row.suggestion());
    }
}
