package org.regiontag.app.gui.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.Image;
import org.regiontag.app.gui.ErrorMessages;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.app.services.Heatmap;
import org.regiontag.app.services.HeatmapSource;
import org.regiontag.app.services.MapKind;
import org.regiontag.db.Project;
import org.regiontag.db.image.ImageDecodeException;
import org.regiontag.db.image.ImageDecoder;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.engine.features.PreprocessingKey;
import org.regiontag.engine.heatmap.HeatmapRenderer;
import org.regiontag.engine.heatmap.HeatmapStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image view: the selected image, decoded off the FX thread, and the heatmap of the selected
 * category over it.
 *
 * <p>The overlay is the colour map alone (full opacity); the view blends it with the image at
 * {@link #opacityProperty()}, so moving the slider costs no work here. Overlays are kept in a small
 * cache by image, category and map kind, and the neighbours of the selected image are decoded
 * ahead, so that stepping through images shows both at once.
 */
public final class ImageViewModel {

    /** Maximum length of an image's longer side when decoded for display; larger photos are subsampled. */
    public static final int MAX_DISPLAY_SIDE = 2048;
    /** Maximum length of an overlay's longer side; the map is smooth, so the view's scaling shows no steps. */
    static final int OVERLAY_MAX_SIDE = 384;
    /** Decoded images kept: the selected one and its neighbours, about 12 MB each at the largest. */
    private static final int DECODED_IMAGES = 4;
    /** Neighbours remembered for prefetching: the two of the shown image. */
    private static final int PREFETCHED = 2;
    /** Overlays kept, under 0.6 MB each. */
    private static final int OVERLAYS = 48;
    private static final Logger LOG = LoggerFactory.getLogger(ImageViewModel.class);

    private final UiExecutors executors;
    private final ImageDecoder decoder = new ImageDecoder();

    private final LongProperty imageId = new SimpleLongProperty(this, "imageId", -1);
    private final ObjectProperty<Image> image = new SimpleObjectProperty<>(this, "image");
    private final StringProperty imageHint = new SimpleStringProperty(this, "imageHint", "");
    private final ObjectProperty<Image> overlay = new SimpleObjectProperty<>(this, "overlay");
    private final ObjectProperty<Rectangle2D> overlayExtent = new SimpleObjectProperty<>(this, "overlayExtent");
    private final StringProperty heatmapHint = new SimpleStringProperty(this, "heatmapHint", "");
    private final ObjectProperty<Category> heatmapCategory = new SimpleObjectProperty<>(this, "heatmapCategory");
    private final ObjectProperty<MapKind> mapKind = new SimpleObjectProperty<>(this, "mapKind", MapKind.TEXT_PIXEL);
    private final DoubleProperty opacity = new SimpleDoubleProperty(this, "opacity", HeatmapStyle.DEFAULT_OPACITY);
    private final BooleanProperty heatmapVisible = new SimpleBooleanProperty(this, "heatmapVisible", true);

    private final LinkedHashMap<Long, Image> decoded = new LinkedHashMap<>(8, 0.75f, true);
    private final Map<Long, String> decodeFailures = new LinkedHashMap<>();
    private final LinkedHashMap<OverlayKey, Overlay> overlays = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<Long, ImageRecord> records = new LinkedHashMap<>(16, 0.75f, true);
    /** The neighbours decoded ahead, whose overlays are computed again when the category or map kind changes. */
    private final LinkedHashMap<Long, Path> prefetched = new LinkedHashMap<>();
    /** Images being decoded, so that a prefetch does not decode one twice. */
    private final java.util.Set<Long> decoding = new java.util.HashSet<>();

    private Project project;
    private HeatmapSource heatmaps;
    private Path file;
    /**
     * Changes with every shown image, so that late results for another image are dropped and reads
     * queued for an image no longer shown are skipped. Written on the FX thread only.
     */
    private volatile long showCount;
    /**
     * The prefetched neighbours when last changed, a copy that the read threads check so that they
     * skip the prefetches of images passed long ago.
     */
    private volatile Set<Long> wantedAhead = Set.of();
    /** Changes when the overlays become stale (a new model version), so that results computed before are dropped. */
    private int overlayGeneration;

    public ImageViewModel(UiExecutors executors) {
        this.executors = executors;
        heatmapCategory.addListener((observable, before, after) -> heatmapChanged());
        mapKind.addListener((observable, before, after) -> heatmapChanged());
        heatmapVisible.addListener((observable, before, after) -> updateHeatmap());
    }

    /** Shows another project (or none). */
    public void setProject(Project newProject, HeatmapSource newHeatmaps) {
        project = newProject;
        heatmaps = newHeatmaps;
        decoded.clear();
        decodeFailures.clear();
        records.clear();
        prefetched.clear();
        wantedAhead = Set.of();
        decoding.clear();
        invalidateHeatmaps();
        clear();
    }

    /** Shows nothing. */
    public void clear() {
        showCount++;
        imageId.set(-1);
        file = null;
        image.set(null);
        imageHint.set("");
        overlay.set(null);
        heatmapHint.set("");
    }

    /** The shown image's id, or -1. */
    public ReadOnlyLongProperty imageIdProperty() {
        return imageId;
    }

    /** The shown image with its EXIF orientation applied, or {@code null} while decoding or when it cannot be shown. */
    public ReadOnlyObjectProperty<Image> imageProperty() {
        return image;
    }

    /** Why the image is not shown ("Loading…", missing, damaged), or empty. */
    public ReadOnlyStringProperty imageHintProperty() {
        return imageHint;
    }

    /** The heatmap's colours at full opacity, or {@code null}. */
    public ReadOnlyObjectProperty<Image> overlayProperty() {
        return overlay;
    }

    /**
     * The part of the image the overlay covers, as fractions of the image's width and height (the
     * centre square for models that crop, the whole image for models that resize), or {@code null}.
     */
    public ReadOnlyObjectProperty<Rectangle2D> overlayExtentProperty() {
        return overlayExtent;
    }

    /** Why there is no heatmap, and what to do, or empty. */
    public ReadOnlyStringProperty heatmapHintProperty() {
        return heatmapHint;
    }

    /** The category whose heatmap is drawn; the category panel's selection sets it. */
    public ObjectProperty<Category> heatmapCategoryProperty() {
        return heatmapCategory;
    }

    public ObjectProperty<MapKind> mapKindProperty() {
        return mapKind;
    }

    /** How strongly the heatmap covers the image, in [0, 1]. */
    public DoubleProperty opacityProperty() {
        return opacity;
    }

    public BooleanProperty heatmapVisibleProperty() {
        return heatmapVisible;
    }

    /** Switches between the text-pixel and the region map. */
    public void switchMapKind() {
        mapKind.set(mapKind.get() == MapKind.TEXT_PIXEL ? MapKind.REGION : MapKind.TEXT_PIXEL);
    }

    /** Shows the image with this id, read from {@code imageFile}. */
    public void show(long id, Path imageFile) {
        long shown = ++showCount;
        imageId.set(id);
        file = imageFile;

        Image cached = decoded.get(id);
        if (cached != null) {
            image.set(cached);
            imageHint.set("");
        } else if (decodeFailures.containsKey(id)) {
            image.set(null);
            imageHint.set(decodeFailures.get(id));
        } else {
            image.set(null);
            imageHint.set(GuiText.text("image.loading"));
            decoding.add(id);
            executors.reads().execute(() -> decode(id, imageFile, shown));
        }
        updateHeatmap();
    }

    /** Decodes an image ahead of its selection, and the current category's overlay of it. */
    public void prefetch(long id, Path imageFile) {
        prefetched.remove(id);
        prefetched.put(id, imageFile);
        while (prefetched.size() > PREFETCHED) {
            prefetched.remove(prefetched.keySet().iterator().next());
        }
        wantedAhead = Set.copyOf(prefetched.keySet());
        if (!decoded.containsKey(id) && !decodeFailures.containsKey(id) && decoding.add(id)) {
            executors.reads().execute(() -> decode(id, imageFile, -1));
        }
        Category category = heatmapCategory.get();
        if (category != null && heatmapVisible.get() && project != null) {
            OverlayKey key = new OverlayKey(id, category.id(), mapKind.get());
            if (!overlays.containsKey(key)) {
                int generation = overlayGeneration;
                executors.reads().execute(() -> computeOverlay(key, category, -1, generation));
            }
        }
    }

    private void heatmapChanged() {
        updateHeatmap();
        for (Map.Entry<Long, Path> neighbour : new ArrayList<>(prefetched.entrySet())) {
            prefetch(neighbour.getKey(), neighbour.getValue());
        }
    }

    /** Drops every overlay, after the model changed, and draws the current one again. */
    public void invalidateHeatmaps() {
        overlays.clear();
        overlayGeneration++;
        updateHeatmap();
    }

    /**
     * Returns whether a read queued for an image is still wanted: for the shown image, while no
     * other image was shown since; for a prefetch, while the image is among the prefetched neighbours.
     * Stepping through images faster than they are read otherwise leaves reads for every passed
     * image queued ahead of later ones, such as a filter's query.
     */
    private boolean stillWanted(long id, long shown) {
        return shown >= 0 ? shown == showCount : wantedAhead.contains(id);
    }

    private void decode(long id, Path imageFile, long shown) {
        if (!stillWanted(id, shown)) {
            executors.ui().execute(() -> decoding.remove(id));
            return;
        }
        Image result = null;
        String failure = null;
        if (imageFile == null) {
            failure = GuiText.text("image.noFile");
        } else {
            try {
                BufferedImage upright = decoder.decode(imageFile, MAX_DISPLAY_SIDE);
                result = SwingFXUtils.toFXImage(upright, null);
            } catch (ImageDecodeException e) {
                LOG.info("Cannot show {}: {}", imageFile, e.getMessage());
                failure = Files.exists(imageFile) ? GuiText.text("image.damaged", imageFile.getFileName(),
                        e.getMessage()) : GuiText.text("image.missing", imageFile);
            } catch (RuntimeException | OutOfMemoryError e) {
                LOG.error("Decoding {} failed", imageFile, e);
                failure = GuiText.text("image.damaged", imageFile.getFileName(), ErrorMessages.describe(e));
            }
        }
        Image decodedImage = result;
        String failureText = failure;
        executors.ui().execute(() -> {
            decoding.remove(id);
            if (decodedImage != null) {
                decoded.put(id, decodedImage);
                while (decoded.size() > DECODED_IMAGES) {
                    decoded.remove(decoded.keySet().iterator().next());
                }
            } else {
                decodeFailures.put(id, failureText);
            }
            if (shown == showCount && imageId.get() == id) {
                image.set(decodedImage);
                imageHint.set(decodedImage == null ? failureText : "");
            }
        });
    }

    private void updateHeatmap() {
        long id = imageId.get();
        Category category = heatmapCategory.get();
        if (id < 0 || category == null || !heatmapVisible.get() || project == null) {
            overlay.set(null);
            heatmapHint.set("");
            return;
        }
        OverlayKey key = new OverlayKey(id, category.id(), mapKind.get());
        Overlay cached = overlays.get(key);
        if (cached != null) {
            apply(cached);
            return;
        }
        overlay.set(null);
        heatmapHint.set("");
        long shown = showCount;
        int generation = overlayGeneration;
        executors.reads().execute(() -> computeOverlay(key, category, shown, generation));
    }

    private void computeOverlay(OverlayKey key, Category category, long shown, int generation) {
        if (!stillWanted(key.imageId(), shown)) {
            return;
        }
        Overlay result;
        try {
            ImageRecord record = record(key.imageId());
            Heatmap heatmap = record == null ? Heatmap.unavailable(GuiText.text("heatmap.noImage"))
                    : heatmaps.heatmap(record, category, key.kind());
            result = heatmap.isAvailable() ? render(heatmap, record) : new Overlay(null, null, heatmap.hint());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Computing the heatmap of category {} on image {} failed", category.name(), key.imageId(), e);
            result = new Overlay(null, null, GuiText.text("heatmap.failed", ErrorMessages.describe(e)));
        }
        Overlay computed = result;
        executors.ui().execute(() -> {
            if (generation != overlayGeneration) {
                return;
            }
            overlays.put(key, computed);
            while (overlays.size() > OVERLAYS) {
                overlays.remove(overlays.keySet().iterator().next());
            }
            boolean current = shown == showCount && key.imageId() == imageId.get()
                    && heatmapCategory.get() != null && heatmapCategory.get().id() == key.categoryId()
                    && mapKind.get() == key.kind() && heatmapVisible.get();
            if (current) {
                apply(computed);
            }
        });
    }

    private ImageRecord record(long id) {
        synchronized (records) {
            ImageRecord cached = records.get(id);
            if (cached != null) {
                return cached;
            }
        }
        Optional<ImageRecord> found = project.database().read(connection ->
                new ImageRepository(connection).findImageById(id));
        synchronized (records) {
            found.ifPresent(record -> records.put(id, record));
            while (records.size() > 256) {
                records.remove(records.keySet().iterator().next());
            }
        }
        return found.orElse(null);
    }

    /**
     * Renders a map over the part of the image the network saw, at most {@value #OVERLAY_MAX_SIDE}
     * pixels on its longest side.
     */
    public static Overlay render(Heatmap heatmap, ImageRecord record) {
        boolean swapped = record.orientation() >= 5;
        int width = Math.max(1, swapped ? record.height() : record.width());
        int height = Math.max(1, swapped ? record.width() : record.height());
        Rectangle covered = heatmap.mode() == PreprocessingKey.ResizeMode.CROP
                ? HeatmapRenderer.centreSquare(width, height) : new Rectangle(0, 0, width, height);

        double scale = Math.min(1.0, (double) OVERLAY_MAX_SIDE / Math.max(covered.width, covered.height));
        int overlayWidth = Math.max(1, (int) Math.round(covered.width * scale));
        int overlayHeight = Math.max(1, (int) Math.round(covered.height * scale));
        BufferedImage blank = new BufferedImage(overlayWidth, overlayHeight, BufferedImage.TYPE_INT_RGB);
        BufferedImage colours = HeatmapRenderer.overlay(blank, heatmap.map(),
                new Rectangle(0, 0, overlayWidth, overlayHeight), HeatmapStyle.standard().withOpacity(1.0));
        Rectangle2D extent = new Rectangle2D((double) covered.x / width, (double) covered.y / height,
                (double) covered.width / width, (double) covered.height / height);
        return new Overlay(SwingFXUtils.toFXImage(colours, null), extent, null);
    }

    private void apply(Overlay cached) {
        overlay.set(cached.image());
        overlayExtent.set(cached.extent());
        heatmapHint.set(cached.hint() == null ? "" : cached.hint());
    }

    /** The overlay of one image, category and map kind. */
    private record OverlayKey(long imageId, long categoryId, MapKind kind) {
    }

    /**
     * A rendered overlay, or the reason there is none.
     *
     * @param image the colours, or {@code null}
     * @param extent the covered part of the image as fractions, or {@code null}
     * @param hint why there is no overlay, or {@code null}
     */
    public record Overlay(Image image, Rectangle2D extent, String hint) {
    }
}
