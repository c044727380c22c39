package org.regiontag.app.gui;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the application's log to a rotating file in the user's log folder. The command line keeps
 * its own configuration ({@code logback.xml}: warnings on standard error); only {@code regiontag gui}
 * calls this, because a desktop application has no terminal to show them in.
 */
public final class GuiLogging {

    /** The log file's name inside the log folder; rotated copies are {@code regiontag.1.log} to {@code .3.log}. */
    public static final String LOG_FILE = "regiontag.log";
    /** The context property that {@code logback-gui.xml} reads the folder from. */
    static final String FOLDER_PROPERTY = "REGIONTAG_LOG_FOLDER";

    private GuiLogging() {
    }

    /**
     * Replaces the logging configuration with {@code logback-gui.xml}, writing to {@code folder}.
     *
     * @return the log file
     * @throws IOException when the folder cannot be created
     */
    public static Path configure(Path folder) throws IOException {
        Files.createDirectories(folder);
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            // Another SLF4J binding on the class path keeps its own configuration.
            return folder.resolve(LOG_FILE);
        }
        URL configuration = GuiLogging.class.getResource("logback-gui.xml");
        if (configuration == null) {
            throw new IllegalStateException("logback-gui.xml is missing from the application's resources");
        }

        context.reset();
        context.putProperty(FOLDER_PROPERTY, folder.toAbsolutePath().toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(configuration);
        } catch (JoranException e) {
            throw new IllegalStateException("logback-gui.xml is invalid: " + e.getMessage(), e);
        }
        Logger log = LoggerFactory.getLogger(GuiLogging.class);
        log.info("RegionTag application started; logging to {}", folder.resolve(LOG_FILE));
        return folder.resolve(LOG_FILE);
    }
}
