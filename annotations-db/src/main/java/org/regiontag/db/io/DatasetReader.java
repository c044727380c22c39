package org.regiontag.db.io;

import java.nio.file.Path;

/** Reads a dataset source on disk (annotation files, folders) into a {@link ParsedDataset}. */
public interface DatasetReader {
    /** imagesDir and split may be null (reader's default). Throws UserInputException on unparseable input. */
    ParsedDataset read(Path source, Path imagesDir, Split split);
}
