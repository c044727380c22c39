package org.regiontag.app.gui.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;
import javafx.util.Callback;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.main.MainWindow;

/** Shared plumbing of the form dialogs: loading their FXML with a controller, and the dialog around it. */
public final class FormDialogs {

    private FormDialogs() {
    }

    /** Loads an FXML file of the application with the given controller. */
    public static Parent load(String resource, Object controller) {
        FXMLLoader loader = new FXMLLoader(FormDialogs.class.getResource(resource), GuiText.bundle());
        loader.setController(controller);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(resource + " cannot be loaded", e);
        }
    }

    /**
     * Creates a dialog with the content, an OK button with the given label and a cancel button. The
     * dialog is not shown yet.
     */
    public static Dialog<ButtonType> dialog(Window owner, String title, Parent content, String okLabel) {
        Dialog<ButtonType> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle(title);
        dialog.setResizable(true);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getStylesheets().add(MainWindow.STYLESHEET);
        ButtonType ok = new ButtonType(okLabel, ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ok, ButtonType.CANCEL);
        return dialog;
    }

    /** Returns the dialog's OK button. */
    public static Node okButton(Dialog<ButtonType> dialog) {
        for (ButtonType type : dialog.getDialogPane().getButtonTypes()) {
            if (type.getButtonData() == ButtonBar.ButtonData.OK_DONE) {
                return dialog.getDialogPane().lookupButton(type);
            }
        }
        throw new IllegalStateException("the dialog has no OK button");
    }

    /** Runs {@code onOk} when the dialog closes with its OK button; the dialog shows without blocking. */
    public static void showThen(Dialog<ButtonType> dialog, Runnable onOk) {
        Callback<ButtonType, ButtonType> identity = type -> type;
        dialog.setResultConverter(identity);
        dialog.setOnHidden(event -> {
            ButtonType result = dialog.getResult();
            if (result != null && result.getButtonData() == ButtonBar.ButtonData.OK_DONE) {
                onOk.run();
            }
        });
        dialog.show();
    }
}
