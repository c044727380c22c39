package org.regiontag.db.io.yolo;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.formats.TextFiles;

/**
 * Reads YOLO label files: one object per line, {@code class cx cy w h} with a zero-based class
 * index and normalised box numbers, optionally followed by more numbers (segment polygons,
 * keypoints), which are checked to be numbers and otherwise ignored.
 */
final class YoloLabelFile {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.yolo.messages",
            YoloLabelFile.class);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final int BOX_FIELDS = 5;

    private YoloLabelFile() {
    }

    /**
     * Marks in {@code present} the classes that have a box in {@code file}.
     *
     * @param namesFile the file the class names came from, for the out-of-range message
     * @return the number of boxes; 0 for an empty file
     * @throws UserInputException with {@code file:line} for a malformed line or an out-of-range class
     */
    static int read(Path file, boolean[] present, Path namesFile) {
        String text = TextFiles.readString(file);
        int boxes = 0;
        int lineNumber = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNumber++;
            String line = text.substring(start, end).strip();
            start = end + 1;
            if (line.isEmpty()) {
                continue;
            }

            String at = file + ":" + lineNumber;
            String[] fields = WHITESPACE.split(line);
            if (fields.length < BOX_FIELDS) {
                throw new UserInputException(MESSAGES.format("label.badLine", at, line));
            }
            int classIndex = parseClassIndex(fields[0], at);
            if (classIndex < 0 || classIndex >= present.length) {
                throw new UserInputException(MESSAGES.format("label.classOutOfRange", at, fields[0], present.length,
                        present.length - 1, namesFile));
            }
            for (int i = 1; i < fields.length; i++) {
                try {
                    Double.parseDouble(fields[i]);
                } catch (NumberFormatException e) {
                    throw new UserInputException(MESSAGES.format("label.badNumber", at, i + 1, fields[i]), e);
                }
            }
            present[classIndex] = true;
            boxes++;
        }
        return boxes;
    }

    /** Parses a class index written as an integer, or as a decimal with no fraction ({@code 3.0}) as some exporters write it. */
    private static int parseClassIndex(String field, String at) {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            try {
                double value = Double.parseDouble(field);
                if (value == Math.rint(value) && Math.abs(value) < Integer.MAX_VALUE) {
                    return (int) value;
                }
            } catch (NumberFormatException notANumber) {
                // Reported below with the line.
            }
            throw new UserInputException(MESSAGES.format("label.badClass", at, field), e);
        }
    }
}
