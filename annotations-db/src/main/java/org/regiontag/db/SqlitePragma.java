package org.regiontag.db;

import java.util.Properties;

/**
 * The SQLite settings of every connection to a project store, in one place.
 *
 * <p>sqlite-jdbc applies these as {@code PRAGMA} statements when it opens a connection, before any
 * transaction starts (which {@code foreign_keys} requires).
 */
public enum SqlitePragma {

    /** Readers see a consistent snapshot and never wait for the writer, and the writer never waits for them. */
    JOURNAL_MODE("journal_mode", "WAL"),

    /**
     * In WAL mode a commit survives an application crash without an fsync per transaction; only a
     * power loss may lose the last commits, never corrupt the file. That makes a single label change
     * cost well under a millisecond.
     */
    SYNCHRONOUS("synchronous", "NORMAL"),

    /** SQLite leaves foreign keys unchecked unless each connection turns them on. */
    FOREIGN_KEYS("foreign_keys", "true"),

    /**
     * Milliseconds a connection waits for a lock held by another process (a second RegionTag on the
     * same project, a backup) before it fails; within one process the writer lock serialises writes.
     */
    BUSY_TIMEOUT("busy_timeout", "10000"),

    /**
     * No checkpoint inside a commit: SQLite would otherwise copy the WAL into the database file (with
     * an fsync) in whichever commit crosses 1,000 pages, which made every 150th label change take
     * tens of milliseconds. {@link Database} checkpoints on a background thread instead.
     */
    WAL_AUTOCHECKPOINT("wal_autocheckpoint", "0"),

    /** Bytes the WAL file is truncated to after a checkpoint, so one large import does not leave it large. */
    JOURNAL_SIZE_LIMIT("journal_size_limit", "67108864");

    private final String pragma;
    private final String value;

    SqlitePragma(String pragma, String value) {
        this.pragma = pragma;
        this.value = value;
    }

    public String pragma() {
        return pragma;
    }

    public String value() {
        return value;
    }

    /** All pragmas as the connection properties that sqlite-jdbc reads. */
    public static Properties connectionProperties() {
        Properties properties = new Properties();
        for (SqlitePragma setting : values()) {
            properties.setProperty(setting.pragma, setting.value);
        }
        return properties;
    }
}
