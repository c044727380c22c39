package org.regiontag.app.gui.tasks;

import java.time.Duration;
import org.regiontag.app.gui.GuiText;

/** Formats durations as people read them: "45 s", "3 min 20 s", "1 h 5 min". */
public final class Durations {

    private Durations() {
    }

    public static String format(Duration duration) {
        long seconds = Math.max(0, Math.round(duration.toMillis() / 1000.0));
        if (seconds < 60) {
            return GuiText.text("duration.seconds", seconds);
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return GuiText.text("duration.minutes", minutes, seconds % 60);
        }
        return GuiText.text("duration.hours", minutes / 60, minutes % 60);
    }
}
