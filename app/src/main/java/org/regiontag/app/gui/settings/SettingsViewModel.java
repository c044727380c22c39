package org.regiontag.app.gui.settings;

import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.engine.models.ModelListing;
import org.regiontag.engine.models.ModelLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings dialog's values while the user edits them; {@link #result()} is applied on OK. The
 * keys tab edits the keymap directly through {@link org.regiontag.app.gui.keys.KeymapViewModel}.
 */
public final class SettingsViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsViewModel.class);

    private final DoubleProperty confidentThreshold;
    private final IntegerProperty thumbnailSize;
    private final ObjectProperty<String> device;
    private final ObjectProperty<String> model;
    private final ObservableList<String> models = FXCollections.observableArrayList();

    public SettingsViewModel(Settings current) {
        confidentThreshold = new SimpleDoubleProperty(this, "confidentThreshold", current.confidentThreshold());
        thumbnailSize = new SimpleIntegerProperty(this, "thumbnailSize", current.thumbnailSize());
        device = new SimpleObjectProperty<>(this, "device", current.device());
        model = new SimpleObjectProperty<>(this, "model", current.model());
        models.add(current.model());
    }

    public DoubleProperty confidentThresholdProperty() {
        return confidentThreshold;
    }

    public IntegerProperty thumbnailSizeProperty() {
        return thumbnailSize;
    }

    public ObjectProperty<String> deviceProperty() {
        return device;
    }

    public ObjectProperty<String> modelProperty() {
        return model;
    }

    /** The models the user has (downloaded, embedded, imported), for the model choice. */
    public ObservableList<String> models() {
        return models;
    }

    public List<String> devices() {
        return Settings.DEVICES;
    }

    /** Lists the usable models off the FX thread; the list keeps the current choice. */
    public void loadModels(UiExecutors executors, Consumer<String> errors) {
        executors.reads().execute(() -> {
            try {
                List<String> usable = ModelLocator.forUser().list().stream()
                        .filter(listing -> listing.status() == ModelListing.Status.INSTALLED
                                || listing.status() == ModelListing.Status.EMBEDDED)
                        .map(ModelListing::name).toList();
                executors.ui().execute(() -> {
                    String chosen = model.get();
                    models.setAll(usable);
                    if (!models.contains(chosen)) {
                        models.add(0, chosen);
                    }
                    model.set(chosen);
                });
            } catch (RuntimeException e) {
                LOG.warn("Listing the models failed", e);
                executors.ui().execute(() -> errors.accept(org.regiontag.app.gui.ErrorMessages.describe(e)));
            }
        });
    }

    /** Returns the edited settings, clamped into their valid ranges. */
    public Settings result() {
        double threshold = Math.max(0.5, Math.min(1.0, confidentThreshold.get()));
        int size = Math.max(Settings.MIN_THUMBNAIL_SIZE, Math.min(Settings.MAX_THUMBNAIL_SIZE, thumbnailSize.get()));
        String chosenDevice = Settings.DEVICES.contains(device.get()) ? device.get() : Settings.DEFAULT_DEVICE;
        String chosenModel = model.get() == null || model.get().isBlank() ? Settings.DEFAULT_MODEL : model.get();
        return new Settings(threshold, size, chosenDevice, chosenModel);
    }
}
