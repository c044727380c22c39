package org.regiontag.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.regiontag.db.UserInputException;

/**
 * The (image, category) cells of a dataset with the MLR-ML encoding: +1 positive, −1 negative,
 * 0 unknown (a missing label). Immutable; rows are images in the order of the feature source.
 */
public final class LabelMatrix {

    public static final byte POSITIVE = 1;
    public static final byte NEGATIVE = -1;
    public static final byte UNKNOWN = 0;

    private final int rows;
    private final int categories;
    private final byte[] cells;

    private LabelMatrix(int rows, int categories, byte[] cells) {
        this.rows = rows;
        this.categories = categories;
        this.cells = cells;
    }

    /**
     * Creates a matrix of the given rows, each with one value per category.
     *
     * @throws UserInputException when a value is not 1, −1 or 0, naming the cell
     * @throws IllegalArgumentException when the rows differ in length
     */
    public static LabelMatrix of(int[][] values) {
        int categories = values.length == 0 ? 0 : values[0].length;
        byte[] cells = new byte[values.length * categories];
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != categories) {
                throw new IllegalArgumentException("label row " + i + " has " + values[i].length
                        + " categories; expected " + categories);
            }
            for (int c = 0; c < categories; c++) {
                int value = values[i][c];
                if (value != POSITIVE && value != NEGATIVE && value != UNKNOWN) {
                    throw new UserInputException(TrainMessages.get().format("labels.invalidValue",
                            String.valueOf(i), String.valueOf(c), String.valueOf(value)));
                }
                cells[i * categories + c] = (byte) value;
            }
        }
        return new LabelMatrix(values.length, categories, cells);
    }

    /** Creates a matrix with every cell unknown. */
    public static LabelMatrix unknown(int rows, int categories) {
        return new LabelMatrix(rows, categories, new byte[rows * categories]);
    }

    public int rows() {
        return rows;
    }

    public int categories() {
        return categories;
    }

    /** +1, −1 or 0. */
    public int get(int row, int category) {
        return cells[row * categories + category];
    }

    public boolean isKnown(int row, int category) {
        return cells[row * categories + category] != UNKNOWN;
    }

    /** Counts the cells with the given value (+1, −1 or 0). */
    public long count(int value) {
        long count = 0;
        for (byte cell : cells) {
            if (cell == value) {
                count++;
            }
        }
        return count;
    }

    /** Returns a copy with the cell set to a value (+1, −1 or 0). */
    public LabelMatrix with(int row, int category, int value) {
        if (value != POSITIVE && value != NEGATIVE && value != UNKNOWN) {
            throw new IllegalArgumentException("label value " + value + " is not 1, -1 or 0");
        }
        byte[] copy = cells.clone();
        copy[row * categories + category] = (byte) value;
        return new LabelMatrix(rows, categories, copy);
    }

    /**
     * Returns this matrix's known cells, and {@code other}'s values where this one is unknown: the
     * labels a round trains on once pseudo-labels fill the gaps, so human decisions are never overwritten.
     */
    public LabelMatrix fillUnknownFrom(LabelMatrix other) {
        requireSameShape(other);
        byte[] merged = cells.clone();
        for (int i = 0; i < merged.length; i++) {
            if (merged[i] == UNKNOWN) {
                merged[i] = other.cells[i];
            }
        }
        return new LabelMatrix(rows, categories, merged);
    }

    /** Returns {@code other}'s values on the cells that are unknown here, and 0 on the cells known here. */
    public LabelMatrix restrictToUnknown(LabelMatrix other) {
        requireSameShape(other);
        byte[] result = other.cells.clone();
        for (int i = 0; i < result.length; i++) {
            if (cells[i] != UNKNOWN) {
                result[i] = UNKNOWN;
            }
        }
        return new LabelMatrix(rows, categories, result);
    }

    /** Creates a (rows.length, categories) tensor of the rows' cells: +1, −1 and 0. */
    public NDArray toNDArray(NDManager manager, int[] rowIndices, DataType dataType) {
        float[] values = new float[rowIndices.length * categories];
        for (int i = 0; i < rowIndices.length; i++) {
            for (int c = 0; c < categories; c++) {
                values[i * categories + c] = cells[rowIndices[i] * categories + c];
            }
        }
        return Tensors.create(manager, values, new Shape(rowIndices.length, categories), dataType);
    }

    /** Copies the matrix into rows of ints. */
    public int[][] toArray() {
        int[][] values = new int[rows][categories];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < categories; c++) {
                values[i][c] = cells[i * categories + c];
            }
        }
        return values;
    }

    private void requireSameShape(LabelMatrix other) {
        if (other.rows != rows || other.categories != categories) {
            throw new IllegalArgumentException("label matrices of " + rows + "x" + categories + " and "
                    + other.rows + "x" + other.categories + " do not match");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelMatrix matrix && matrix.rows == rows && matrix.categories == categories
                && Arrays.equals(matrix.cells, cells);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + categories) + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        return "LabelMatrix[" + rows + "x" + categories + ", positive=" + count(POSITIVE) + ", negative="
                + count(NEGATIVE) + ", unknown=" + count(UNKNOWN) + "]";
    }
}
