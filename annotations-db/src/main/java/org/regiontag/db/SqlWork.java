package org.regiontag.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done with a store connection inside a transaction that {@link Database} opens and ends.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface SqlWork<T> {

    T run(Connection connection) throws SQLException;
}
