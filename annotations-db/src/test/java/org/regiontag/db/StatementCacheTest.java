package org.regiontag.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {

    @TempDir
    Path temp;

    @Test
    void closedStatementIsReusedWithFreshParameters() throws SQLException {
        try (Connection connection = cached()) {
            PreparedStatement first;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                insert.setString(1, "a");
                insert.executeUpdate();
                first = insert;
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                assertThat(insert).isSameAs(first);
                insert.setString(1, "b");
                insert.executeUpdate();
            }

            assertThat(values(connection)).isEqualTo("a,b");
            assertThat(first.isClosed()).as("a released handle reads as closed").isTrue();
        }
    }

    @Test
    void statementInUseIsNotHandedOutTwice() throws SQLException {
        try (Connection connection = cached()) {
            execute(connection, "INSERT INTO t (v) VALUES ('a'), ('b')");
            String sql = "SELECT v FROM t ORDER BY v";

            try (PreparedStatement outer = connection.prepareStatement(sql); ResultSet rows = outer.executeQuery()) {
                rows.next();
                try (PreparedStatement inner = connection.prepareStatement(sql)) {
                    assertThat(inner).isNotSameAs(outer);
                    try (ResultSet again = inner.executeQuery()) {
                        again.next();
                        assertThat(again.getString(1)).isEqualTo("a");
                    }
                }
                rows.next();
                assertThat(rows.getString(1)).as("the outer result set is undisturbed").isEqualTo("b");
            }
        }
    }

    @Test
    void generatedKeysWorkOnAReusedStatement() throws SQLException {
        try (Connection connection = cached()) {
            for (long expected = 1; expected <= 3; expected++) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (v) VALUES ('x')",
                        Statement.RETURN_GENERATED_KEYS)) {
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        assertThat(keys.getLong(1)).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void cacheStaysWithinItsCapacity() throws SQLException {
        try (Connection connection = cached()) {
            PreparedStatement oldest;
            try (PreparedStatement select = connection.prepareStatement("SELECT 0")) {
                oldest = select;
            }
            for (int i = 1; i <= StatementCache.CAPACITY; i++) {
                try (PreparedStatement select = connection.prepareStatement("SELECT " + i)) {
                    select.execute();
                }
            }

            try (PreparedStatement select = connection.prepareStatement("SELECT 0")) {
                assertThat(select).as("the least recently used statement was evicted").isNotSameAs(oldest);
            }
        }
    }

    private Connection cached() throws SQLException {
        Connection connection = StatementCache.wrap(
                DriverManager.getConnection("jdbc:sqlite:" + temp.resolve("cache.sqlite")));
        execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        return connection;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String values(Connection connection) throws SQLException {
        StringBuilder text = new StringBuilder();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT v FROM t ORDER BY id")) {
            while (rows.next()) {
                text.append(text.length() == 0 ? "" : ",").append(rows.getString(1));
            }
        }
        return text.toString();
    }
}
