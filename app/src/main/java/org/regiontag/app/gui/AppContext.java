package org.regiontag.app.gui;

import java.util.function.Function;
import org.regiontag.app.gui.keys.KeymapStore;
import org.regiontag.app.gui.settings.SettingsStore;
import org.regiontag.app.services.EngineJobs;

/**
 * What the application's view models share: threads, the user's folders and stored preferences,
 * the engine's jobs, and who is working.
 *
 * @param executors the threads
 * @param folders the user's settings, data and log folders
 * @param engineJobs the engine's jobs and heatmaps
 * @param deviceDescription describes where the engine computes for a device setting ({@code auto},
 *     {@code cpu}, {@code gpu}); runs on a background thread and may take seconds the first time,
 *     because it starts the engine
 * @param actor the user name recorded with every decision
 */
public record AppContext(UiExecutors executors, UserFolders folders, EngineJobs engineJobs,
        Function<String, String> deviceDescription, String actor) {

    public SettingsStore settingsStore() {
        return new SettingsStore(folders.config());
    }

    public KeymapStore keymapStore() {
        return new KeymapStore(folders.config());
    }

    public RecentProjects recentProjects() {
        return new RecentProjects(folders.config());
    }
}
