package org.regiontag.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class GuiLoggingTest {

    @TempDir
    Path folder;

    @AfterEach
    void restoreTestLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(GuiLoggingTest.class.getResource("/logback-test.xml"));
    }

    @Test
    void logGoesToFileInFolder() throws Exception {
        Path file = GuiLogging.configure(folder.resolve("logs"));
        LoggerFactory.getLogger("org.regiontag.test").warn("a line for the file {}", 42);

        assertThat(file).isEqualTo(folder.resolve("logs/regiontag.log"));
        assertThat(Files.readString(file)).contains("RegionTag application started", "a line for the file 42");
    }
}
