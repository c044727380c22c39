package org.regiontag.db;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The store's time format: UTC ISO-8601 with milliseconds, which sorts correctly as text. */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** The current time in the store's format. */
    public static String now(Clock clock) {
        return format(clock.instant());
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
