package org.regiontag.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * What one run of the real command line returned and printed, for tests.
 *
 * @param status the exit status
 * @param out what the command printed on standard output
 * @param err what the command printed on standard error
 */
record CliRun(int status, String out, String err) {

    /** Runs {@code regiontag ARGS…} in this process with its own output streams. */
    static CliRun of(String... args) {
        CommandLine commandLine = RegionTagCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }
}
