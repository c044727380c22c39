package org.regiontag.db.io;

import java.nio.file.Path;

/**
 * Reads one dataset format into a {@link ParsedDataset}. A reader only parses: it never touches a
 * project, and it leaves path normalisation, file checks and all writing to {@link DatasetWriter}.
 *
 * <p>A reader throws {@link org.regiontag.db.UserInputException} for a file it cannot parse, with a
 * one-line message that names the file and line (or field), what is wrong and how to fix it.
 */
public interface DatasetReader {

    /**
     * Reads the source.
     *
     * @param source the annotation file or folder the user named
     * @param imagesDir the folder image paths are relative to, or {@code null} to use the format's
     *     default (such as the folder beside the annotation file)
     * @param split the split to give every image, or {@code null} to keep the source's split
     *     (images the source gives no split to then become {@code train})
     */
    ParsedDataset read(Path source, Path imagesDir, Split split);
}
