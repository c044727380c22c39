package org.regiontag.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path temp;

    private Database database;

    @BeforeEach
    void openStore() {
        database = Database.open(temp.resolve("store.sqlite"), Clock.systemUTC());
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
            }
            return null;
        });
    }

    @AfterEach
    void closeStore() {
        database.close();
    }

    @Test
    void writerConnectionHasThePragmas() {
        assertThat(writerPragma("journal_mode")).isEqualTo("wal");
        assertThat(writerPragma("foreign_keys")).isEqualTo("1");
        // synchronous NORMAL is 1
        assertThat(writerPragma("synchronous")).isEqualTo("1");
        assertThat(writerPragma("busy_timeout")).isEqualTo("10000");
        assertThat(writerPragma("wal_autocheckpoint")).isEqualTo("0");
    }

    @Test
    void backgroundCheckpointCopiesCommitsIntoTheFile() throws Exception {
        Path file = temp.resolve("store.sqlite");
        long sizeBefore = java.nio.file.Files.size(file);
        database.inTransaction(connection -> {
            for (int i = 0; i < 2000; i++) {
                insertNote(connection, "a note long enough to fill several pages of the database file " + i);
            }
            return null;
        });

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (java.nio.file.Files.size(file) == sizeBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(java.nio.file.Files.size(file)).isGreaterThan(sizeBefore);
    }

    @Test
    void readConnectionIsQueryOnly() {
        assertThat(readerPragma("foreign_keys")).isEqualTo("1");
        assertThat(readerPragma("query_only")).isEqualTo("1");
        assertThatThrownBy(() -> database.read(connection -> insertNote(connection, "from a reader")))
                .isInstanceOf(StoreException.class);
    }

    @Test
    void transactionRollsBackWhenWorkThrows() {
        assertThatThrownBy(() -> database.inTransaction(connection -> {
            insertNote(connection, "half");
            throw new IllegalStateException("stop");
        })).isInstanceOf(IllegalStateException.class).hasMessage("stop");

        assertThat(countNotes()).isZero();
    }

    @Test
    void transactionRollsBackOnSqlError() {
        assertThatThrownBy(() -> database.inTransaction(connection -> {
            insertNote(connection, "first");
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO note (id, text) VALUES (1, NULL)");
            }
            return null;
        })).isInstanceOf(StoreException.class).hasMessageContaining("NOT NULL");

        assertThat(countNotes()).isZero();
    }

    @Test
    void nestedTransactionJoinsTheOuterOne() {
        assertThatThrownBy(() -> database.inTransaction(connection -> {
            database.inTransaction(inner -> insertNote(inner, "inner"));
            throw new IllegalStateException("outer fails");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(countNotes()).isZero();
    }

    @Test
    void readDoesNotWaitForOpenWriteTransaction() throws Exception {
        database.inTransaction(connection -> insertNote(connection, "committed"));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch readDone = new CountDownLatch(1);

        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> database.inTransaction(connection -> {
            insertNote(connection, "uncommitted");
            writing.countDown();
            try {
                assertThat(readDone.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        long notesSeenDuringWrite = countNotes();
        readDone.countDown();
        writer.get(10, TimeUnit.SECONDS);

        assertThat(notesSeenDuringWrite).isEqualTo(1);
        assertThat(countNotes()).isEqualTo(2);
    }

    @Test
    void writesFromTwoThreadsAreSerialised() throws Exception {
        Runnable hundredWrites = () -> {
            for (int i = 0; i < 100; i++) {
                database.inTransaction(connection -> insertNote(connection, "n"));
            }
        };

        CompletableFuture<Void> first = CompletableFuture.runAsync(hundredWrites);
        CompletableFuture<Void> second = CompletableFuture.runAsync(hundredWrites);
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);

        assertThat(countNotes()).isEqualTo(200);
    }

    @Test
    void closedDatabaseRejectsWork() {
        database.close();

        assertThatThrownBy(() -> database.read(connection -> 1)).isInstanceOf(IllegalStateException.class);
    }

    private long countNotes() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM note");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    private static Void insertNote(Connection connection, String text) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO note (text) VALUES (?)")) {
            insert.setString(1, text);
            insert.executeUpdate();
        }
        return null;
    }

    private String writerPragma(String name) {
        return database.inTransaction(connection -> pragma(connection, name));
    }

    private String readerPragma(String name) {
        return database.read(connection -> pragma(connection, name));
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
