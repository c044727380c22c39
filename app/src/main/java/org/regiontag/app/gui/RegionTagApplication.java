package org.regiontag.app.gui;

import java.nio.file.Path;
import java.util.Objects;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.regiontag.app.gui.main.MainViewModel;
import org.regiontag.app.gui.main.MainWindow;
import org.regiontag.app.services.DefaultEngineJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application. {@link GuiLauncher} starts it; with everything on the class path the
 * main class must not be an {@link Application} itself, because JavaFX then refuses to start.
 */
public final class RegionTagApplication extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(RegionTagApplication.class);
    /** The project to open at start, set by the launcher before {@link Application#launch}. */
    private static volatile Path initialProject;

    private AppExecutors executors;
    private MainViewModel viewModel;

    static void setInitialProject(Path project) {
        initialProject = project;
    }

    @Override
    public void start(Stage stage) {
        executors = new AppExecutors();
        AppContext context = new AppContext(executors.executors(), UserFolders.forUser(), new DefaultEngineJobs(),
                MainViewModel::describeDevice, System.getProperty("user.name", "unknown"));
        viewModel = new MainViewModel(context);
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            LOG.error("Uncaught failure on thread {}", thread.getName(), error);
            String sentence = ErrorMessages.describe(error);
            Platform.runLater(() -> viewModel.error(sentence));
        });
        MainWindow.show(stage, viewModel);
        viewModel.probeDevice();
        Path project = initialProject;
        if (project != null) {
            viewModel.open(project);
        }
    }

    @Override
    public void stop() {
        if (viewModel != null) {
            viewModel.closeProject();
        }
        if (executors != null) {
            executors.close();
        }
        LOG.info("RegionTag application stopped");
    }

    /** Returns the project given on the command line, for tests. */
    static Path initialProject() {
        return Objects.requireNonNullElse(initialProject, Path.of(""));
    }
}
