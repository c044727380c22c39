package org.regiontag.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections to one project store file: a single writer connection and a small pool of read
 * connections.
 *
 * <p>Writes are serialised through one lock, so at most one write transaction runs at a time in
 * this process, and each runs as {@code BEGIN IMMEDIATE}, so another process that writes the same
 * file waits for the busy timeout instead of failing half-way. Reads run on their own connections in
 * a snapshot transaction: in WAL mode they see the last commit and never wait for a writer, so the
 * user interface never blocks on the engine's writes.
 *
 * <p>The writer connection keeps its prepared statements compiled ({@link StatementCache}), so a
 * label change does not compile its SQL again each time.
 *
 * <p>Commits only append to the WAL; a background thread copies it into the database file (a
 * passive checkpoint, which waits for nobody) about once a second after writes, so no write pays
 * for a checkpoint.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Idle read connections kept open; more are opened when needed and closed after use. */
    private static final int MAX_IDLE_READERS = 4;
    /** Milliseconds between background checkpoints while there are new commits. */
    private static final long CHECKPOINT_INTERVAL_MS = 1000;

    private final Path file;
    private final String url;
    private final Clock clock;
    private final ReentrantLock writerLock = new ReentrantLock(true);
    private final Connection writer;
    private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(MAX_IDLE_READERS);
    private final AtomicBoolean uncheckpointedCommits = new AtomicBoolean();
    private final ScheduledExecutorService checkpointer;
    /** Used by the checkpoint thread only. */
    private Connection checkpointConnection;
    private volatile boolean closed;

    private Database(Path file, Clock clock) throws SQLException {
        this.file = file;
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.clock = clock;
        this.writer = StatementCache.wrap(connect(false));
        this.checkpointer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "store-checkpoint " + file.getFileName());
            thread.setDaemon(true);
            return thread;
        });
        checkpointer.scheduleWithFixedDelay(this::checkpointIfNeeded, CHECKPOINT_INTERVAL_MS, CHECKPOINT_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    /** Opens the store file (creating an empty one if absent) with the settings of {@link SqlitePragma}. */
    public static Database open(Path file, Clock clock) {
        try {
            return new Database(file, clock);
        } catch (SQLException e) {
            throw new StoreException("cannot open the project store " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** The clock that stamps every row this store writes; tests pass a fixed one. */
    public Clock clock() {
        return clock;
    }

    /** The current time in the store's format. */
    public String now() {
        return Timestamps.now(clock);
    }

    /**
     * Runs {@code work} in one write transaction on the writer connection: commits when it returns,
     * rolls back when it throws, and rethrows. A call from inside another {@code inTransaction} on the
     * same thread joins the open transaction.
     *
     * @throws StoreException when SQLite reports an error, with the SQL exception as its cause
     */
    public <T> T inTransaction(SqlWork<T> work) {
        requireOpen();
        writerLock.lock();
        try {
            if (writerLock.getHoldCount() > 1) {
                return runJoined(work);
            }
            return runTransaction(work);
        } finally {
            writerLock.unlock();
        }
    }

    /**
     * Runs {@code work} in one write transaction, as {@link #inTransaction} does, with SQLite's
     * foreign-key checks off until it ends. Use it only for bulk writes that take every key from rows
     * that the same transaction read or inserted, because nothing then rejects a row that points
     * nowhere. Checking each of the 9.4 million label rows of a COCO-sized import against its image,
     * category and batch took a third of the import's time (sqlite-jdbc 3.54.1.0). Other writers wait
     * for the writer lock meanwhile, so none of their work runs unchecked.
     *
     * @throws IllegalStateException when called inside another transaction, where SQLite cannot
     *     change the setting
     */
    public <T> T inBulkTransaction(SqlWork<T> work) {
        requireOpen();
        writerLock.lock();
        try {
            if (writerLock.getHoldCount() > 1) {
                throw new IllegalStateException("a bulk transaction cannot join another transaction");
            }
            setForeignKeys(false);
            try {
                return runTransaction(work);
            } finally {
                setForeignKeys(true);
            }
        } finally {
            writerLock.unlock();
        }
    }

    private <T> T runTransaction(SqlWork<T> work) {
        try {
            executePrepared(writer, "BEGIN IMMEDIATE");
        } catch (SQLException e) {
            throw new StoreException("cannot start a write transaction on " + file + ": " + e.getMessage(), e);
        }
        try {
            T result = work.run(writer);
            executePrepared(writer, "COMMIT");
            uncheckpointedCommits.set(true);
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            rollbackAfter(e);
            throw rethrow(e, "the write transaction on " + file + " failed");
        }
    }

    private void setForeignKeys(boolean on) {
        try {
            execute(writer, "PRAGMA foreign_keys = " + (on ? "ON" : "OFF"));
        } catch (SQLException e) {
            throw new StoreException("cannot switch foreign-key checks " + (on ? "on" : "off") + " on " + file, e);
        }
    }

    /**
     * Runs {@code work} on a read connection inside a snapshot transaction: every statement sees the
     * same committed state, and nothing waits for a running write transaction.
     */
    public <T> T read(SqlWork<T> work) {
        requireOpen();
        Connection reader = takeReader();
        boolean reusable = false;
        try {
            execute(reader, "BEGIN");
        } catch (SQLException e) {
            closeQuietly(reader);
            throw new StoreException("cannot start a read on " + file + ": " + e.getMessage(), e);
        }
        try {
            T result = work.run(reader);
            execute(reader, "COMMIT");
            reusable = true;
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            reusable = rollbackQuietly(reader, e);
            throw rethrow(e, "a read on " + file + " failed");
        } finally {
            releaseReader(reader, reusable);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        checkpointer.shutdown();
        try {
            if (!checkpointer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The checkpoint of {} did not end within 10 s; closing anyway", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (checkpointConnection != null) {
            closeQuietly(checkpointConnection);
        }
        writerLock.lock();
        try {
            List<Connection> readers = new ArrayList<>();
            idleReaders.drainTo(readers);
            for (Connection reader : readers) {
                closeQuietly(reader);
            }
            closeQuietly(writer);
        } finally {
            writerLock.unlock();
        }
    }

    /**
     * Copies committed WAL pages into the database file, on the checkpoint thread's own connection.
     * SQLite also checkpoints fully when the last connection closes.
     */
    private void checkpointIfNeeded() {
        if (closed || !uncheckpointedCommits.getAndSet(false)) {
            return;
        }
        try {
            if (checkpointConnection == null) {
                checkpointConnection = connect(false);
            }
            execute(checkpointConnection, "PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            uncheckpointedCommits.set(true);
            LOG.warn("Background checkpoint of {} failed; retrying in {} ms", file, CHECKPOINT_INTERVAL_MS, e);
        }
    }

    private <T> T runJoined(SqlWork<T> work) {
        try {
            return work.run(writer);
        } catch (SQLException e) {
            throw new StoreException("a statement on " + file + " failed: " + e.getMessage(), e);
        }
    }

    private Connection connect(boolean queryOnly) throws SQLException {
        Properties properties = SqlitePragma.connectionProperties();
        Connection connection = DriverManager.getConnection(url, properties);
        if (queryOnly) {
            // Guards against a read path that writes by mistake: such a write would bypass the writer lock.
            execute(connection, "PRAGMA query_only = true");
        }
        return connection;
    }

    private Connection takeReader() {
        Connection reader = idleReaders.poll();
        if (reader != null) {
            return reader;
        }
        try {
            return connect(true);
        } catch (SQLException e) {
            throw new StoreException("cannot open a read connection to " + file, e);
        }
    }

    private void releaseReader(Connection reader, boolean reusable) {
        if (!reusable || closed || !idleReaders.offer(reader)) {
            closeQuietly(reader);
        }
    }

    private void rollbackAfter(Throwable failure) {
        rollbackQuietly(writer, failure);
    }

    /** Rolls back after {@code failure}; returns whether the connection is still usable. */
    private static boolean rollbackQuietly(Connection connection, Throwable failure) {
        try {
            execute(connection, "ROLLBACK");
            return true;
        } catch (SQLException e) {
            // A failed COMMIT or an SQLite error may already have ended the transaction.
            failure.addSuppressed(e);
            return false;
        }
    }

    private static RuntimeException rethrow(Throwable error, String context) {
        if (error instanceof RuntimeException runtime) {
            return runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        return new StoreException(context + ": " + error.getMessage(), error);
    }

    /** Runs a statement through {@code prepareStatement}, which the writer's {@link StatementCache} keeps compiled. */
    private static void executePrepared(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Closing a store connection failed", e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the project store " + file + " is closed");
        }
    }
}
