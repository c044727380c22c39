package org.regiontag.app.gui.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.DoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.regiontag.app.gui.ErrorMessages;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.Notifier;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.db.Project;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.db.repo.ModelVersionRepository;
import org.regiontag.db.repo.Prototype;
import org.regiontag.db.repo.PrototypeRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training window: every model version with its metrics (per-round loss, mAP, F1, pseudo-label
 * precision and recall), and a 2-D map of one version's text and visual category prototypes,
 * projected by PCA off the FX thread.
 */
public final class TrainingViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingViewModel.class);

    private final UiExecutors executors;
    private final Project project;
    private final Notifier notifier;
    private final ObservableList<VersionRow> versions = FXCollections.observableArrayList();
    private final ObjectProperty<VersionRow> mapVersion = new SimpleObjectProperty<>(this, "mapVersion");
    private final ObservableList<PrototypePoint> points = FXCollections.observableArrayList();
    private final StringProperty mapHint = new SimpleStringProperty(this, "mapHint", "");
    private final DoubleProperty explainedX = new SimpleDoubleProperty(this, "explainedX");
    private final DoubleProperty explainedY = new SimpleDoubleProperty(this, "explainedY");
    private long mapRequests;

    public TrainingViewModel(UiExecutors executors, Project project, Notifier notifier) {
        this.executors = executors;
        this.project = project;
        this.notifier = notifier;
        mapVersion.addListener((observable, before, after) -> loadMap(after));
    }

    /** The model versions, oldest first. */
    public ObservableList<VersionRow> versions() {
        return versions;
    }

    /** The version whose prototypes the map shows; the newest after {@link #load()}. */
    public ObjectProperty<VersionRow> mapVersionProperty() {
        return mapVersion;
    }

    /** The prototypes on the map. */
    public ObservableList<PrototypePoint> points() {
        return points;
    }

    /** Why the map is empty, or empty. */
    public ReadOnlyStringProperty mapHintProperty() {
        return mapHint;
    }

    /** The share of the prototypes' variance the horizontal axis explains, in [0, 1]. */
    public ReadOnlyDoubleProperty explainedXProperty() {
        return explainedX;
    }

    /** The share the vertical axis explains. */
    public ReadOnlyDoubleProperty explainedYProperty() {
        return explainedY;
    }

    /** Reads the versions and their metrics, then shows the newest version's prototypes. */
    public void load() {
        executors.reads().execute(() -> {
            try {
                List<ModelVersion> all = project.database().read(connection ->
                        new ModelVersionRepository(connection).findAllModelVersions());
                List<VersionRow> rows = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    rows.add(row(all.get(i), i + 1));
                }
                executors.ui().execute(() -> {
                    versions.setAll(rows);
                    mapVersion.set(rows.isEmpty() ? null : rows.get(rows.size() - 1));
                    if (rows.isEmpty()) {
                        mapHint.set(GuiText.text("training.noVersions"));
                    }
                });
            } catch (RuntimeException e) {
                report("Reading the model versions", e);
            }
        });
    }

    private static VersionRow row(ModelVersion version, int position) {
        RoundMetrics metrics;
        String note = "";
        try {
            metrics = RoundMetrics.parse(version.id(), position, version.metrics());
            if (version.metrics() == null) {
                note = GuiText.text("training.noMetrics");
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Model version {} has unreadable metrics: {}", version.id(), e.getMessage());
            metrics = RoundMetrics.parse(version.id(), position, null);
            note = GuiText.text("training.badMetrics");
        }
        return new VersionRow(version.id(), version.parentId(), version.backbone(), version.createdAt(), metrics, note);
    }

    private void loadMap(VersionRow version) {
        long request = ++mapRequests;
        points.clear();
        if (version == null) {
            return;
        }
        mapHint.set(GuiText.text("training.mapLoading"));
        executors.reads().execute(() -> {
            try {
                List<Prototype> prototypes = project.database().read(connection ->
                        new PrototypeRepository(connection).findPrototypesByVersion(version.id()));
                Map<Long, Category> categories = new HashMap<>();
                for (Category category : project.database().read(connection ->
                        new CategoryRepository(connection).findAllCategories())) {
                    categories.put(category.id(), category);
                }
                List<Prototype> usable = usable(prototypes);
                List<PrototypePoint> projected = new ArrayList<>();
                Pca.Projection projection = null;
                if (usable.size() >= 2) {
                    float[][] vectors = new float[usable.size()][];
                    for (int i = 0; i < vectors.length; i++) {
                        vectors[i] = usable.get(i).vector();
                    }
                    projection = Pca.project(vectors, 2);
                    for (int i = 0; i < usable.size(); i++) {
                        Prototype prototype = usable.get(i);
                        Category category = categories.get(prototype.categoryId());
                        projected.add(new PrototypePoint(category == null ? "?" : category.name(),
                                category == null ? "#808080" : category.colour(), prototype.kind(), prototype.centre(),
                                projection.scores()[i][0], projection.scores()[i][1]));
                    }
                }
                Pca.Projection done = projection;
                executors.ui().execute(() -> {
                    if (request != mapRequests) {
                        return;
                    }
                    // The shares come first: the view draws the map, axis titles included, when the points change.
                    explainedX.set(done == null ? 0 : done.explained(0));
                    explainedY.set(done == null ? 0 : done.explained(1));
                    points.setAll(projected);
                    mapHint.set(projected.isEmpty() ? GuiText.text("training.noPrototypes", version.id()) : "");
                });
            } catch (RuntimeException e) {
                report("Projecting the prototypes of version " + version.id(), e);
            }
        });
    }

    /** Keeps the prototypes of the most common dimension, since PCA needs one space. */
    private static List<Prototype> usable(List<Prototype> prototypes) {
        Map<Integer, Integer> byDimension = new HashMap<>();
        for (Prototype prototype : prototypes) {
            byDimension.merge(prototype.vector().length, 1, Integer::sum);
        }
        int dimension = byDimension.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(0);
        return prototypes.stream().filter(prototype -> prototype.vector().length == dimension).toList();
    }

    private void report(String what, RuntimeException e) {
        LOG.error("{} failed", what, e);
        String sentence = ErrorMessages.describe(e);
        executors.ui().execute(() -> notifier.error(sentence));
    }
}
