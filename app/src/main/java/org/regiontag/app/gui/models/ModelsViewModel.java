package org.regiontag.app.gui.models;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.regiontag.app.gui.ErrorMessages;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.main.MainViewModel;
import org.regiontag.app.gui.tasks.TaskItem;
import org.regiontag.app.services.DownloadProgress;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.models.DownloadResult;
import org.regiontag.engine.models.HubDownloader;
import org.regiontag.engine.models.HubSettings;
import org.regiontag.engine.models.KnownModel;
import org.regiontag.engine.models.KnownModels;
import org.regiontag.engine.models.ModelCache;
import org.regiontag.engine.models.ModelListing;
import org.regiontag.engine.models.ModelLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models dialog: the known, embedded and imported models with their state, a download of a
 * known checkpoint in the background with its progress in the task panel, and the choice of the
 * model feature extraction uses.
 */
public final class ModelsViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(ModelsViewModel.class);

    private final MainViewModel main;
    private final ModelLocator locator;
    private final HubSettings hub;
    private final ObservableList<ModelListing> models = FXCollections.observableArrayList();

    /**
     * @param locator where models are looked for
     * @param hub the hub to download from
     */
    public ModelsViewModel(MainViewModel main, ModelLocator locator, HubSettings hub) {
        this.main = main;
        this.locator = locator;
        this.hub = hub;
    }

    /** Returns a view model for the current user's model cache and the hub named by the environment. */
    public static ModelsViewModel forUser(MainViewModel main) {
        return new ModelsViewModel(main, ModelLocator.forUser(), HubSettings.fromEnvironment(System::getenv, null));
    }

    public ObservableList<ModelListing> models() {
        return models;
    }

    /** Returns the model the settings name. */
    public String selectedModel() {
        return main.settings().model();
    }

    /** Lists the models off the FX thread. */
    public void refresh() {
        main.context().executors().reads().execute(() -> {
            try {
                List<ModelListing> listed = locator.list();
                main.context().executors().ui().execute(() -> models.setAll(listed));
            } catch (RuntimeException e) {
                LOG.error("Listing the models failed", e);
                String sentence = ErrorMessages.describe(e);
                main.context().executors().ui().execute(() -> main.error(sentence));
            }
        });
    }

    /** Returns whether a listing can be downloaded (a known hub checkpoint not complete yet). */
    public static boolean canDownload(ModelListing listing) {
        return listing.source() == ModelListing.Source.HUB && listing.status() != ModelListing.Status.INSTALLED;
    }

    /** Returns whether a listing can be chosen for feature extraction now. */
    public static boolean canSelect(ModelListing listing) {
        return listing.status() == ModelListing.Status.INSTALLED || listing.status() == ModelListing.Status.EMBEDDED;
    }

    /** Makes a model the one feature extraction uses. */
    public void select(ModelListing listing) {
        main.applySettings(main.settings().withModel(listing.name()));
        main.info(GuiText.text("models.selected", listing.name()));
    }

    /** Downloads a known checkpoint in the background; the list refreshes when it is done. */
    public Optional<TaskItem> download(String name) {
        Optional<KnownModel> model = KnownModels.find(name);
        if (model.isEmpty()) {
            main.error(GuiText.text("models.unknown", name, KnownModels.names()));
            return Optional.empty();
        }
        ModelCache cache = locator.cache();
        Path folder = cache.modelFolder(name);
        Job<DownloadResult> job = (listener, token) -> new HubDownloader(hub).download(model.get(), folder,
                new DownloadProgress(listener), token);
        return Optional.of(main.tasks().submit(GuiText.text("models.downloadTitle", name), job,
                result -> GuiText.text("models.downloaded", name, result.folder()), result -> refresh(), main::error));
    }
}
