package org.regiontag.packaging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.spi.ToolProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a JDK tool (jdeps, jlink, jpackage) in this JVM through its {@link ToolProvider}. */
final class JdkTool {

    private static final Logger LOG = LoggerFactory.getLogger(JdkTool.class);

    private JdkTool() {
    }

    /**
     * Runs the tool and returns what it printed on standard output.
     *
     * @throws IllegalStateException when the JDK lacks the tool or the tool exits with a non-zero status
     */
    static String run(String name, List<String> arguments) {
        ToolProvider tool = ToolProvider.findFirst(name).orElseThrow(() -> new IllegalStateException(
                name + " is missing from the JDK at " + System.getProperty("java.home")
                        + "; build the installers with a full JDK 17 or newer"));
        LOG.debug("{} {}", name, String.join(" ", arguments));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status;
        try {
            status = tool.run(new PrintWriter(out, true), new PrintWriter(err, true), arguments.toArray(String[]::new));
        } catch (RuntimeException e) {
            // jdeps throws instead of returning a status when a modular jar requires a missing module.
            throw new IllegalStateException(name + " failed: " + e + "\ncommand: " + name + " "
                    + String.join(" ", arguments), e);
        }
        if (status != 0) {
            throw new IllegalStateException(name + " failed with status " + status + ":\n" + out + err
                    + "\ncommand: " + name + " " + String.join(" ", arguments));
        }
        if (!err.toString().isBlank()) {
            LOG.warn("{}: {}", name, err.toString().strip());
        }
        return out.toString();
    }
}
