package org.regiontag.app.gui.main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.regiontag.app.gui.GuiText;

/** Loads the main window from {@code MainWindow.fxml} with its controller bound to a view model. */
public final class MainWindow {

    /** The stylesheet of every window of the application. */
    public static final String STYLESHEET = "/org/regiontag/app/gui/regiontag.css";

    private final Parent root;
    private final MainWindowController controller;

    private MainWindow(Parent root, MainWindowController controller) {
        this.root = root;
        this.controller = controller;
    }

    /** Loads the window's node tree; call on the FX thread. */
    public static MainWindow load(MainViewModel viewModel) {
        URL fxml = MainWindow.class.getResource("/org/regiontag/app/gui/main/MainWindow.fxml");
        FXMLLoader loader = new FXMLLoader(fxml, GuiText.bundle());
        loader.setControllerFactory(type -> new MainWindowController(viewModel));
        try {
            Parent root = loader.load();
            return new MainWindow(root, loader.getController());
        } catch (IOException e) {
            throw new UncheckedIOException("MainWindow.fxml cannot be loaded", e);
        }
    }

    /** Puts the window into a stage, with the stylesheet and the keys, and shows it. */
    public static MainWindow show(Stage stage, MainViewModel viewModel) {
        MainWindow window = load(viewModel);
        Scene scene = new Scene(window.root, 1280, 800);
        scene.getStylesheets().add(STYLESHEET);
        window.controller.attach(stage, scene);
        stage.setScene(scene);
        stage.titleProperty().bind(viewModel.titleProperty());
        stage.show();
        return window;
    }

    public Parent root() {
        return root;
    }

    public MainWindowController controller() {
        return controller;
    }
}
