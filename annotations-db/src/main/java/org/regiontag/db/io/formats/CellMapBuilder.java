package org.regiontag.db.io.formats;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.CellStates;

/**
 * Builds the cells of one image at a time and shares equal rows between images.
 *
 * <p>Large datasets often repeat a label set (each image of a classification folder has the same
 * single positive), so a reader keeps one immutable {@link CellStates} per distinct row instead
 * of one per image. {@link org.regiontag.db.io.DatasetImage} keeps them without a copy.
 */
public final class CellMapBuilder {

    private final CellState[] row;
    private final Map<ByteBuffer, CellStates> sharedRows = new HashMap<>();

    /** @param categoryCount the number of categories, so valid indexes are 0 to categoryCount - 1 */
    public CellMapBuilder(int categoryCount) {
        this.row = new CellState[categoryCount];
    }

    /** Sets one cell of the current row; a later call for the same category wins. */
    public void set(int category, CellState state) {
        row[category] = state;
    }

    /** Returns the current row as an immutable map from category index to state, and starts a new row. */
    public CellStates finishRow() {
        byte[] key = new byte[row.length];
        for (int i = 0; i < row.length; i++) {
            key[i] = row[i] == null ? 0 : (byte) (row[i].ordinal() + 1);
        }
        CellStates cells = sharedRows.computeIfAbsent(ByteBuffer.wrap(key), unused -> CellStates.of(row));
        Arrays.fill(row, null);
        return cells;
    }
}
