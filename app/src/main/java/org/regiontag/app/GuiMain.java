package org.regiontag.app;

import org.regiontag.engine.Djl;

/**
 * Entry point of the desktop launcher: runs {@code regiontag gui ARGS...}.
 *
 * <p>A desktop launcher with fixed default arguments gets them replaced by any file that the
 * desktop passes, so the {@code gui} sub-command is prepended here instead: opening a
 * {@code project.sqlite} from a file manager runs {@code regiontag gui .../project.sqlite}.
 */
public final class GuiMain {

    private GuiMain() {
    }

    public static void main(String[] args) {
        // Must come before any DJL class loads: keeps DJL from probing the network.
        Djl.configureOffline();

        String[] guiArgs = new String[args.length + 1];
        guiArgs[0] = "gui";
        System.arraycopy(args, 0, guiArgs, 1, args.length);
        Main.main(guiArgs);
    }
}
