package org.regiontag.db.io.voc;

import java.nio.file.Path;
import java.util.List;

/**
 * The image-level facts of one VOC annotation XML, without the boxes.
 *
 * @param file the XML file
 * @param fileName the trimmed text of {@code <filename>}, or {@code null} when absent or empty
 * @param width the {@code <size><width>} in pixels, or 0 when absent or not a number
 * @param height the {@code <size><height>} in pixels, or 0 when absent or not a number
 * @param objects the {@code <object>} elements in file order
 */
record VocAnnotation(Path file, String fileName, int width, int height, List<VocObject> objects) {

    /**
     * One {@code <object>} element.
     *
     * @param name the trimmed class name
     * @param difficult whether {@code <difficult>} is set
     * @param line the line of the {@code <object>} start tag
     */
    record VocObject(String name, boolean difficult, int line) {
    }
}
