package org.regiontag.db.io;

import java.util.Map;

/**
 * An image as a dataset reader found it, before its file has been looked at.
 *
 * @param path the image's path exactly as the source writes it (it may use backslashes, contain
 *     {@code ..}, spaces or non-ASCII characters); it is resolved against the dataset root, and
 *     checked to stay inside it, when the dataset is written to a project
 * @param split the split the source assigns, or {@code null} when it assigns none
 * @param cells the known cells, by index into {@link ParsedDataset#categories()}; a category
 *     absent from the map is unknown for this image. A {@link CellStates} is kept as it is, and
 *     any other map is copied
 * @param width the width that the annotation file states, or 0 when it states none
 * @param height the height that the annotation file states, or 0 when it states none
 */
public record DatasetImage(String path, Split split, Map<Integer, CellState> cells, int width, int height) {

    public DatasetImage {
        cells = cells instanceof CellStates ? cells : Map.copyOf(cells);
    }
}
