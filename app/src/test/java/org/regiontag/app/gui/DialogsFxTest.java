package org.regiontag.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.app.gui.keys.Action;
import org.regiontag.app.gui.keys.KeyBinding;
import org.regiontag.app.gui.main.MainViewModel;
import org.regiontag.app.gui.main.MainWindow;
import org.regiontag.app.gui.project.FormDialogs;
import org.regiontag.app.gui.project.ImportDialog;
import org.regiontag.app.gui.settings.SettingsDialog;
import org.regiontag.app.services.DefaultEngineJobs;
import org.regiontag.engine.demo.DemoDataset;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The import and settings dialogs, driven headless with the keyboard and the mouse. */
@ExtendWith(ApplicationExtension.class)
class DialogsFxTest {

    @TempDir
    Path temp;

    private AppExecutors executors;
    private MainViewModel viewModel;
    private Stage stage;

    @Start
    void start(Stage primary) {
        stage = primary;
        executors = new AppExecutors();
        viewModel = new MainViewModel(new AppContext(executors.executors(), UserFolders.under(temp.resolve("user")),
                new DefaultEngineJobs(), choice -> "Device: test", "alice"));
        MainWindow.show(stage, viewModel);
    }

    @AfterEach
    void stop() throws Exception {
        // Closing the project goes through the writes executor, which close() drains, so no store
        // file is written while the temporary folder is deleted.
        WaitForAsyncUtils.asyncFx(() -> viewModel.closeProject()).get(15, TimeUnit.SECONDS);
        executors.close();
    }

    @Test
    void importDialogCreatesAndOpensProject(FxRobot robot) throws Exception {
        Path scenes = temp.resolve("scenes");
        DemoDataset.write(scenes, 10, 0, 4, 32);
        Dialog<ButtonType> dialog = fx(() -> ImportDialog.show(stage, viewModel, null));
        Node ok = fx(() -> FormDialogs.okButton(dialog));
        assertThat(fx(ok::isDisabled)).isTrue();

        fill(robot, dialog, 0, temp.resolve("new project").toString());
        robot.interact(() -> ((javafx.scene.control.ComboBox<?>) dialog.getDialogPane().lookup(".combo-box"))
                .getSelectionModel().select(2));
        fill(robot, dialog, 2, scenes.resolve("train.csv").toString());
        fill(robot, dialog, 3, scenes.toString());
        robot.clickOn(ok);

        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> viewModel.project() != null
                && viewModel.browser().imageCountProperty().get() == 10));
        assertThat(fx(() -> viewModel.project().folder())).isEqualTo(temp.resolve("new project"));
    }

    @Test
    void settingsRejectsKeyOfAnotherAction(FxRobot robot) throws Exception {
        Dialog<ButtonType> dialog = fx(() -> SettingsDialog.show(stage, viewModel));
        // The help overlay of the main window also has a label "Keys", so the tab is chosen directly.
        robot.interact(() -> ((javafx.scene.control.TabPane) dialog.getDialogPane().getContent())
                .getSelectionModel().select(1));
        TableView<KeyBinding> table = fx(() -> robot.lookup(".table-view").queryTableView());
        int acceptRow = Action.ACCEPT.ordinal();
        robot.interact(() -> table.getSelectionModel().select(acceptRow));

        pressChange(robot);
        robot.push(KeyCode.R);

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> !problem(robot).isEmpty()));
        assertThat(fx(() -> problem(robot)))
                .isEqualTo("R is already the key of \u201cReject the suggestion\u201d; give that action another key"
                        + " first.");
        assertThat(fx(() -> viewModel.keys().keymap().keyOf(Action.ACCEPT))).isEqualTo("A");

        robot.interact(() -> table.getSelectionModel().select(acceptRow));
        pressChange(robot);
        robot.push(KeyCode.Y);

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> "Y".equals(
                viewModel.keys().keymap().keyOf(Action.ACCEPT))));
        assertThat(fx(() -> viewModel.keys().keymap().keyOf(Action.ACCEPT))).isEqualTo("Y");
        assertThat(temp.resolve("user/config/keys.properties")).content().contains("ACCEPT=Y");
        robot.interact(dialog::close);
    }

    /** Clicks "Change…" once it is enabled; the dialog then waits for the new key. */
    private static void pressChange(FxRobot robot) throws Exception {
        javafx.scene.control.Button change = fx(() -> robot.lookup("Change\u2026").queryButton());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> !change.isDisabled()));
        robot.clickOn(change);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> problem(robot).startsWith("Press the new key")));
    }

    private static String problem(FxRobot robot) {
        return robot.lookup(".form-problem").queryLabeled().getText();
    }

    /** Types into the dialog's n-th text field. */
    private static void fill(FxRobot robot, Dialog<ButtonType> dialog, int index, String text) throws Exception {
        TextField field = fx(() -> (TextField) dialog.getDialogPane().lookupAll(".text-field").toArray()[index]);
        robot.interact(() -> field.setText(text));
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(15, TimeUnit.SECONDS);
    }
}
