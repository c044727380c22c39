package org.regiontag.app.gui.main;

import java.awt.Desktop;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import javafx.util.StringConverter;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.browser.ThumbnailCache;
import org.regiontag.app.gui.browser.ThumbnailGrid;
import org.regiontag.app.gui.categories.CategoryPanel;
import org.regiontag.app.gui.image.ZoomImageView;
import org.regiontag.app.gui.keys.Action;
import org.regiontag.app.gui.keys.HelpOverlay;
import org.regiontag.app.gui.keys.Keymap;
import org.regiontag.app.gui.models.ModelsDialog;
import org.regiontag.app.gui.project.ExportDialog;
import org.regiontag.app.gui.project.ImportDialog;
import org.regiontag.app.gui.review.ReviewGridWindow;
import org.regiontag.app.gui.settings.SettingsDialog;
import org.regiontag.app.gui.tasks.TaskPanel;
import org.regiontag.app.gui.training.TrainingWindow;
import org.regiontag.app.gui.why.WhyDialog;
import org.regiontag.app.services.MapKind;
import org.regiontag.db.io.Split;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.DatasetRoot;
import org.regiontag.db.repo.ImageQuery;

/**
 * The main window's view: binds the controls of {@code MainWindow.fxml} to {@link MainViewModel},
 * turns key presses into actions through the keymap, and opens the dialogs.
 */
public final class MainWindowController {

    /** Most bytes of thumbnails kept: about 1,500 thumbnails of 128 px. */
    private static final long THUMBNAIL_BYTES = 96L << 20;
    private static final int THUMBNAIL_THREADS = 2;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MainWindowController.class);

    private final MainViewModel viewModel;

    @FXML private VBox bannerHost;
    @FXML private VBox noticeHost;
    @FXML private StackPane centerStack;
    @FXML private SplitPane workArea;
    @FXML private ComboBox<Split> splitFilter;
    @FXML private ComboBox<Category> unknownFilter;
    @FXML private CheckBox suggestionsFilter;
    @FXML private CheckBox errorsFilter;
    @FXML private ComboBox<ImageQuery.ImageOrder> orderChoice;
    @FXML private Label imageCountLabel;
    @FXML private StackPane gridHost;
    @FXML private Label heatmapCategoryLabel;
    @FXML private CheckBox heatmapToggle;
    @FXML private ToggleButton textPixelButton;
    @FXML private ToggleButton regionButton;
    @FXML private Slider opacitySlider;
    @FXML private StackPane imageHost;
    @FXML private Label imageHint;
    @FXML private Label heatmapHint;
    @FXML private StackPane categoryHost;
    @FXML private VBox startPage;
    @FXML private Button demoButton;
    @FXML private Label recentTitle;
    @FXML private VBox recentList;
    @FXML private Label openingLabel;
    @FXML private StackPane overlayHost;
    @FXML private VBox taskHost;
    @FXML private Label deviceLabel;
    @FXML private Label modelLabel;
    @FXML private Label completenessLabel;
    @FXML private Label pendingWritesLabel;
    @FXML private Menu recentMenu;
    @FXML private MenuItem importIntoItem;
    @FXML private MenuItem exportItem;
    @FXML private MenuItem relinkItem;
    @FXML private MenuItem closeItem;
    @FXML private MenuItem reviewGridItem;
    @FXML private MenuItem trainingItem;
    @FXML private MenuItem fineTuneItem;
    @FXML private MenuItem extractItem;
    @FXML private MenuItem suggestItem;
    @FXML private MenuItem evaluateItem;

    private Stage stage;
    private ThumbnailGrid grid;
    private ThumbnailCache thumbnails;
    private ZoomImageView zoomView;
    private CategoryPanel categoryPanel;
    private HelpOverlay help;
    private Map<KeyCombination, Action> keyActions = Map.of();
    private ReviewGridWindow lastReviewGrid;

    public MainWindowController(MainViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        thumbnails = new ThumbnailCache(viewModel.browser().thumbnailLoader(), Platform::runLater, THUMBNAIL_THREADS,
                THUMBNAIL_BYTES, viewModel.settings().thumbnailSize());
        grid = new ThumbnailGrid(viewModel.browser(), thumbnails);
        gridHost.getChildren().add(grid);
        zoomView = new ZoomImageView();
        zoomView.setId("zoomImageView");
        imageHost.getChildren().add(0, zoomView);
        categoryPanel = new CategoryPanel(viewModel.categories());
        categoryHost.getChildren().add(categoryPanel);
        taskHost.getChildren().add(new TaskPanel(viewModel.tasks()));
        // Notices float over the work area instead of pushing it down: a notice that comes or goes
        // then lays out only itself, not the thumbnail grid, image and category list.
        noticeHost.getChildren().add(new NoticeBar(viewModel));
        clipToSize(centerStack);
        help = new HelpOverlay(viewModel.keys());
        overlayHost.getChildren().add(help);

        bindBrowser();
        bindImage();
        bindStatus();
        bindProjectState();
        viewModel.keys().keymapProperty().addListener((observable, before, after) -> keyActions = combinations(after));
        keyActions = combinations(viewModel.keys().keymap());
        viewModel.settingsProperty().addListener((observable, before, after) -> {
            if (before == null || before.thumbnailSize() != after.thumbnailSize()) {
                grid.setThumbnailSize(after.thumbnailSize());
            }
        });
        viewModel.relinkRequestedProperty().addListener((observable, before, after) -> {
            if (after != null) {
                viewModel.relinkRequestedProperty().set(null);
                chooseNewRoot(after);
            }
        });
    }

    /**
     * Clips a region to its own size. A child that reaches past its parent's edge changes the bounds
     * of every parent up to the scene's root, and JavaFX repaints a region whose bounds changed in
     * full. The notice bar reached up to 13 pixels past the top while its rows came and went.
     */
    private static void clipToSize(Region region) {
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(region.widthProperty());
        clip.heightProperty().bind(region.heightProperty());
        region.setClip(clip);
    }

    /** Installs the keys on the window's scene. */
    void attach(Stage owner, Scene scene) {
        this.stage = owner;
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        owner.setOnHidden(event -> thumbnails.close());
    }

    /** The thumbnail grid, for tests and benchmarks. */
    public ThumbnailGrid grid() {
        return grid;
    }

    /** The image view, for tests and benchmarks. */
    public ZoomImageView zoomView() {
        return zoomView;
    }

    public CategoryPanel categoryPanel() {
        return categoryPanel;
    }

    /** The review grid opened last, or {@code null}; for tests. */
    public ReviewGridWindow lastReviewGrid() {
        return lastReviewGrid;
    }

    public HelpOverlay help() {
        return help;
    }

    public ThumbnailCache thumbnails() {
        return thumbnails;
    }

    private void keyPressed(KeyEvent event) {
        if (event.getTarget() instanceof TextInputControl) {
            return;
        }
        if (help.isVisible() && event.getCode() == KeyCode.ESCAPE) {
            help.hide();
            event.consume();
            return;
        }
        for (Map.Entry<KeyCombination, Action> entry : keyActions.entrySet()) {
            if (entry.getKey().match(event)) {
                event.consume();
                perform(entry.getValue());
                return;
            }
        }
    }

    /** Performs an action: the view model's, or one of the view's own (zoom, help, windows). */
    public void perform(Action action) {
        if (help.isVisible() && action != Action.HELP) {
            help.hide();
        }
        if (viewModel.perform(action)) {
            return;
        }
        switch (action) {
            case ZOOM_IN -> zoomView.zoomIn();
            case ZOOM_OUT -> zoomView.zoomOut();
            case ZOOM_FIT -> zoomView.fit();
            case HELP -> help.toggle();
            case REVIEW_GRID -> openReviewGrid();
            case WHY -> openWhy();
            default -> {
                // GRID_ACCEPT_PAGE acts in the review grid's own window only.
            }
        }
    }

    private static Map<KeyCombination, Action> combinations(Keymap keymap) {
        Map<KeyCombination, Action> result = new LinkedHashMap<>();
        for (Map.Entry<Action, String> entry : keymap.keys().entrySet()) {
            result.put(KeyCombination.valueOf(entry.getValue()), entry.getKey());
        }
        return result;
    }

    private void bindBrowser() {
        var browser = viewModel.browser();
        List<Split> splits = new ArrayList<>();
        splits.add(null);
        splits.addAll(List.of(Split.values()));
        splitFilter.getItems().setAll(splits);
        splitFilter.setConverter(converter(split -> split == null ? GuiText.text("browser.split.all")
                : split.storeName()));
        splitFilter.valueProperty().bindBidirectional(browser.splitProperty());
        splitFilter.setFocusTraversable(false);

        unknownFilter.setConverter(converter(category -> category == null ? GuiText.text("browser.unknownFor.any")
                : GuiText.text("browser.unknownFor") + ": " + category.name()));
        browser.categories().addListener((javafx.collections.ListChangeListener<Category>) change -> {
            List<Category> items = new ArrayList<>();
            items.add(null);
            items.addAll(browser.categories());
            unknownFilter.getItems().setAll(items);
        });
        unknownFilter.valueProperty().bindBidirectional(browser.unknownCategoryProperty());
        unknownFilter.setFocusTraversable(false);
        suggestionsFilter.selectedProperty().bindBidirectional(browser.withSuggestionsProperty());
        suggestionsFilter.setFocusTraversable(false);
        errorsFilter.selectedProperty().bindBidirectional(browser.possibleErrorsProperty());
        errorsFilter.setFocusTraversable(false);
        orderChoice.getItems().setAll(ImageQuery.ImageOrder.values());
        orderChoice.setConverter(converter(order -> order == null ? "" : GuiText.text(
                order == ImageQuery.ImageOrder.ID ? "browser.order.id" : "browser.order.informativeness")));
        orderChoice.valueProperty().bindBidirectional(browser.orderProperty());
        orderChoice.setFocusTraversable(false);
        imageCountLabel.textProperty().bind(Bindings.createStringBinding(() -> browser.loadingProperty().get()
                ? GuiText.text("browser.loading") : GuiText.text("browser.count", browser.imageCountProperty().get()),
                browser.loadingProperty(), browser.imageCountProperty()));
    }

    private void bindImage() {
        var image = viewModel.image();
        image.imageProperty().addListener((observable, before, after) -> {
            zoomView.setImage(after);
            zoomView.setOverlay(image.overlayProperty().get(), image.overlayExtentProperty().get());
        });
        image.overlayProperty().addListener((observable, before, after) ->
                zoomView.setOverlay(after, image.overlayExtentProperty().get()));
        image.overlayExtentProperty().addListener((observable, before, after) ->
                zoomView.setOverlay(image.overlayProperty().get(), after));
        zoomView.overlayOpacityProperty().bind(image.opacityProperty());
        opacitySlider.valueProperty().bindBidirectional(image.opacityProperty());
        opacitySlider.setFocusTraversable(false);
        heatmapToggle.selectedProperty().bindBidirectional(image.heatmapVisibleProperty());
        heatmapToggle.setFocusTraversable(false);

        ToggleGroup kinds = new ToggleGroup();
        textPixelButton.setToggleGroup(kinds);
        regionButton.setToggleGroup(kinds);
        textPixelButton.setUserData(MapKind.TEXT_PIXEL);
        regionButton.setUserData(MapKind.REGION);
        textPixelButton.setFocusTraversable(false);
        regionButton.setFocusTraversable(false);
        Runnable showKind = () -> (image.mapKindProperty().get() == MapKind.TEXT_PIXEL ? textPixelButton
                : regionButton).setSelected(true);
        showKind.run();
        image.mapKindProperty().addListener((observable, before, after) -> showKind.run());
        kinds.selectedToggleProperty().addListener((observable, before, after) -> {
            if (after == null) {
                showKind.run();
            } else {
                image.mapKindProperty().set((MapKind) after.getUserData());
            }
        });

        imageHint.textProperty().bind(Bindings.createStringBinding(() -> {
            if (image.imageIdProperty().get() < 0) {
                return viewModel.project() == null ? "" : GuiText.text("image.noneSelected");
            }
            return image.imageHintProperty().get();
        }, image.imageIdProperty(), image.imageHintProperty(), viewModel.projectProperty()));
        imageHint.visibleProperty().bind(imageHint.textProperty().isNotEmpty());
        heatmapHint.textProperty().bind(image.heatmapHintProperty());
        // The hint keeps its space when empty, so that a hint coming or going never resizes the image.
        heatmapCategoryLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            Category category = image.heatmapCategoryProperty().get();
            return category == null ? GuiText.text("image.noCategory") : GuiText.text("image.category", category.name());
        }, image.heatmapCategoryProperty()));
    }

    private void bindStatus() {
        deviceLabel.textProperty().bind(viewModel.deviceProperty());
        modelLabel.textProperty().bind(viewModel.modelVersionProperty());
        completenessLabel.textProperty().bind(viewModel.completenessProperty());
        pendingWritesLabel.textProperty().bind(Bindings.createStringBinding(() ->
                viewModel.categories().pendingWritesProperty().get() > 0 ? GuiText.text("categories.saving") : "",
                viewModel.categories().pendingWritesProperty()));

        Label banner = new Label(GuiText.text("banner.demoModel"));
        banner.setWrapText(true);
        banner.setMaxWidth(Double.MAX_VALUE);
        Button models = new Button(GuiText.text("banner.demoModel.action"));
        models.setOnAction(event -> openModels());
        javafx.scene.layout.HBox bannerBox = new javafx.scene.layout.HBox(8, banner, models);
        javafx.scene.layout.HBox.setHgrow(banner, javafx.scene.layout.Priority.ALWAYS);
        bannerBox.getStyleClass().addAll("notice", "notice-warning", "demo-banner");
        bannerBox.setId("demoBanner");
        bannerHost.getChildren().add(bannerBox);
        bannerHost.visibleProperty().bind(viewModel.demoModelOnPhotographsProperty());
        bannerHost.managedProperty().bind(bannerHost.visibleProperty());
    }

    private void bindProjectState() {
        var noProject = viewModel.projectProperty().isNull();
        workArea.visibleProperty().bind(noProject.not());
        startPage.visibleProperty().bind(noProject);
        for (MenuItem item : List.of(importIntoItem, exportItem, relinkItem, closeItem, reviewGridItem, trainingItem,
                fineTuneItem, extractItem, suggestItem, evaluateItem)) {
            item.disableProperty().bind(noProject);
        }
        openingLabel.visibleProperty().bind(viewModel.openingProperty());
        viewModel.recentProjects().addListener((javafx.collections.ListChangeListener<Path>) change -> showRecent());
        showRecent();
    }

    private void showRecent() {
        recentList.getChildren().clear();
        recentMenu.getItems().clear();
        for (Path folder : viewModel.recentProjects()) {
            Hyperlink link = new Hyperlink(folder.toString());
            link.setOnAction(event -> viewModel.open(folder));
            recentList.getChildren().add(link);
            MenuItem item = new MenuItem(folder.toString());
            item.setOnAction(event -> viewModel.open(folder));
            recentMenu.getItems().add(item);
        }
        boolean any = !viewModel.recentProjects().isEmpty();
        recentTitle.setVisible(any);
        recentMenu.setDisable(!any);
        demoButton.setDefaultButton(viewModel.isFirstRun());
    }

    @FXML
    private void newFromDataset() {
        ImportDialog.show(stage, viewModel, null);
    }

    @FXML
    private void importInto() {
        ImportDialog.show(stage, viewModel, viewModel.project());
    }

    @FXML
    private void openProject() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(GuiText.text("menu.file.open"));
        File folder = chooser.showDialog(stage);
        if (folder != null) {
            viewModel.open(folder.toPath());
        }
    }

    @FXML
    private void export() {
        ExportDialog.show(stage, viewModel);
    }

    @FXML
    private void relink() {
        viewModel.listRoots(this::chooseRoot);
    }

    private void chooseRoot(List<DatasetRoot> roots) {
        if (roots.isEmpty()) {
            viewModel.info(GuiText.text("relink.noRoots"));
            return;
        }
        if (roots.size() == 1) {
            chooseNewRoot(roots.get(0));
            return;
        }
        ChoiceDialog<DatasetRoot> dialog = new ChoiceDialog<>(roots.get(0), roots);
        dialog.initOwner(stage);
        dialog.setTitle(GuiText.text("relink.title"));
        dialog.setHeaderText(GuiText.text("relink.chooseRoot"));
        dialog.showAndWait().ifPresent(this::chooseNewRoot);
    }

    private void chooseNewRoot(DatasetRoot root) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(GuiText.text("relink.chooseFolder"));
        File folder = chooser.showDialog(stage);
        if (folder != null) {
            viewModel.relink(root.path(), folder.toPath());
            thumbnails.clear();
        }
    }

    @FXML
    private void openSettings() {
        SettingsDialog.show(stage, viewModel);
    }

    @FXML
    private void closeProject() {
        viewModel.closeProject();
    }

    @FXML
    private void quit() {
        if (stage != null) {
            stage.close();
        }
    }

    @FXML
    private void openReviewGrid() {
        if (viewModel.project() != null) {
            lastReviewGrid = ReviewGridWindow.show(stage, viewModel, thumbnails);
        }
    }

    @FXML
    private void openTraining() {
        if (viewModel.project() != null) {
            TrainingWindow.show(stage, viewModel);
        }
    }

    private void openWhy() {
        if (viewModel.project() != null) {
            WhyDialog.show(stage, viewModel, thumbnails);
        }
    }

    @FXML
    private void fineTune() {
        viewModel.fineTuneNow();
    }

    @FXML
    private void extractFeatures() {
        viewModel.extractFeatures();
    }

    @FXML
    private void refreshSuggestions() {
        viewModel.refreshSuggestions();
    }

    @FXML
    private void evaluate() {
        viewModel.evaluate();
    }

    @FXML
    private void openModels() {
        ModelsDialog.show(stage, viewModel);
    }

    @FXML
    private void toggleHelp() {
        help.toggle();
    }

    @FXML
    private void showLogFolder() {
        Path logs = viewModel.context().folders().logs();
        viewModel.info(logs.toString());
        if (Desktop.isDesktopSupported() && Files.isDirectory(logs)) {
            Thread opener = new Thread(() -> {
                try {
                    Desktop.getDesktop().open(logs.toFile());
                } catch (java.io.IOException | RuntimeException e) {
                    // The notice above already names the folder, so a desktop without a file manager loses nothing.
                    LOG.info("Cannot open the log folder {} in a file manager: {}", logs, e.getMessage());
                }
            }, "open-log-folder");
            opener.setDaemon(true);
            opener.start();
        }
    }

    @FXML
    private void openDemo() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(GuiText.text("start.demo"));
        File folder = chooser.showDialog(stage);
        if (folder != null) {
            viewModel.openDemo(folder.toPath().resolve("regiontag-demo"));
        }
    }

    @FXML
    private void zoomIn() {
        zoomView.zoomIn();
    }

    @FXML
    private void zoomOut() {
        zoomView.zoomOut();
    }

    @FXML
    private void zoomFit() {
        zoomView.fit();
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return text.apply(value);
            }

            @Override
            public T fromString(String string) {
                throw new UnsupportedOperationException("the choice is not editable");
            }
        };
    }
}
