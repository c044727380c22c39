package org.regiontag.app;

import org.regiontag.app.cli.RegionTagCommand;
import org.regiontag.engine.Djl;

/** Entry point of the {@code regiontag} command line and of the application ({@code regiontag gui}). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Must come before any DJL class loads: keeps DJL from probing the network.
        Djl.configureOffline();

        int status = RegionTagCommand.execute(args);
        System.exit(status);
    }
}
