package org.regiontag.db.io.voc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Finds the folders of a VOC year folder, whose names some copies write in another case. */
final class VocFolders {

    private VocFolders() {
    }

    /** Finds the entry {@code name} of {@code folder}, matched exactly or else ignoring case; {@code null} when absent. */
    static Path child(Path folder, String name) {
        if (folder == null) {
            return null;
        }
        Path exact = folder.resolve(name);
        if (Files.exists(exact)) {
            return exact;
        }
        if (!Files.isDirectory(folder)) {
            return null;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(entry -> entry.getFileName().toString().equalsIgnoreCase(name))
                    .sorted().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Finds the folder {@code name} of {@code folder}, matched as {@link #child}; {@code null} when absent or not a folder. */
    static Path childFolder(Path folder, String name) {
        Path child = child(folder, name);
        return child != null && Files.isDirectory(child) ? child : null;
    }

    /** Finds the folder {@code ImageSets/Main} of a year folder; {@code null} when absent. */
    static Path mainFolder(Path yearFolder) {
        return childFolder(childFolder(yearFolder, "ImageSets"), "Main");
    }

    /** Returns whether {@code name} ends with {@code extension} (such as {@code .xml}) in any case. */
    static boolean hasExtension(String name, String extension) {
        return name.length() > extension.length()
                && name.regionMatches(true, name.length() - extension.length(), extension, 0, extension.length());
    }

    /** Returns the file name without its last extension. */
    static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
