package org.regiontag.app.gui;

import java.io.IOException;
import java.nio.file.Path;
import javafx.application.Application;

/** Starts the desktop application from the command line ({@code regiontag gui [DIR]}) and returns when it closes. */
public final class GuiLauncher {

    private GuiLauncher() {
    }

    /**
     * Sends the log to the user's log folder and runs the application until its window closes.
     *
     * @param project the project folder or its {@code project.sqlite} to open, or {@code null}
     * @return the log file
     */
    public static Path launch(Path project) throws IOException {
        Path logFile = GuiLogging.configure(UserFolders.forUser().logs());
        RegionTagApplication.setInitialProject(project);
        Application.launch(RegionTagApplication.class);
        return logFile;
    }
}
