package org.regiontag.app.gui.browser;

import javafx.collections.ObservableListBase;

/**
 * The rows of the thumbnail grid as a list of row numbers that exists only as a size: item {@code i}
 * is {@code i}. A 100,000-image project at 5 columns is 20,000 rows and costs no memory per row.
 */
final class RowList extends ObservableListBase<Integer> {

    private int size;

    @Override
    public Integer get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("row " + index + " of " + size);
        }
        return index;
    }

    @Override
    public int size() {
        return size;
    }

    /** Changes the number of rows, telling the list view that every row may have changed. */
    void resize(int newSize) {
        int oldSize = size;
        beginChange();
        size = newSize;
        if (oldSize > 0) {
            nextRemove(0, java.util.Collections.nCopies(oldSize, 0));
        }
        if (newSize > 0) {
            nextAdd(0, newSize);
        }
        endChange();
    }
}
