package org.regiontag.db.repo;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.Split;

/** Conversions between the store's text columns and the Java enums that they hold. */
public final class StoreValues {

    private StoreValues() {
    }

    /** Returns the state with the given store name ({@code positive} or {@code negative}); {@code null} for unknown. */
    public static CellState cellState(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "positive" -> CellState.POSITIVE;
            case "negative" -> CellState.NEGATIVE;
            default -> throw new IllegalArgumentException("not a stored cell state: '" + name + "'");
        };
    }

    /** Returns the store name of a state, or {@code null} for unknown. */
    public static String storeName(CellState state) {
        return state == null ? null : state.storeName();
    }

    /** Returns the store name of a source, or {@code null} for none. */
    public static String storeName(LabelSource source) {
        return source == null ? null : source.storeName();
    }

    /** Returns the store name of a split as a constant (unlike {@link Split#storeName()}) for bulk writes. */
    public static String storeName(Split split) {
        return switch (split) {
            case TRAIN -> "train";
            case VAL -> "val";
            case TEST -> "test";
        };
    }

    /** Returns the store name of a status as a constant (unlike {@link ImageStatus#storeName()}) for bulk writes. */
    public static String storeName(ImageStatus status) {
        return switch (status) {
            case OK -> "ok";
            case MISSING -> "missing";
            case DAMAGED -> "damaged";
        };
    }

    public static ImageStatus imageStatus(String name) {
        return switch (name) {
            case "ok" -> ImageStatus.OK;
            case "missing" -> ImageStatus.MISSING;
            case "damaged" -> ImageStatus.DAMAGED;
            default -> throw new IllegalArgumentException("not a stored image status: '" + name + "'");
        };
    }

    public static Split split(String name) {
        return switch (name) {
            case "train" -> Split.TRAIN;
            case "val" -> Split.VAL;
            case "test" -> Split.TEST;
            default -> throw new IllegalArgumentException("not a stored split: '" + name + "'");
        };
    }

    static void setNullableString(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setLong(index, value);
        }
    }

    static void setNullableDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.REAL);
        } else {
            statement.setDouble(index, value);
        }
    }

    static Long getNullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    static Double getNullableDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }
}
