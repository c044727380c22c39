package org.regiontag.db.io;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a dataset reader extracted from a source, ready to be written to a project in one
 * transaction. Readers never touch the project; the writer never parses files.
 *
 * @param format the reader's format name, such as {@code voc} or {@code coco}
 * @param source the annotation file or folder that was read
 * @param imageRoot the folder that image paths are relative to (the dataset root)
 * @param categories the categories in the source's order
 * @param images the images in the source's order
 * @param notes one-line remarks for the import summary (skipped entries and why, policies applied)
 */
public record ParsedDataset(String format, Path source, Path imageRoot, List<DatasetCategory> categories,
        List<DatasetImage> images, List<String> notes) {

    public ParsedDataset {
        categories = List.copyOf(categories);
        images = List.copyOf(images);
        notes = List.copyOf(notes);
    }
}
