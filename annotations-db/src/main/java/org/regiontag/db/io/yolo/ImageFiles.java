package org.regiontag.db.io.yolo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;

/** Finds image and label files in dataset folders. */
final class ImageFiles {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.yolo.messages", ImageFiles.class);

    /** The image file extensions that YOLO datasets use, lower case. */
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff", "webp");

    private ImageFiles() {
    }

    /** Returns whether a file name has one of {@link #IMAGE_EXTENSIONS} in any case. */
    static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Returns whether a file name ends with {@code .txt} in any case. */
    static boolean isText(Path file) {
        String name = file.getFileName().toString();
        return name.length() > 4 && name.regionMatches(true, name.length() - 4, ".txt", 0, 4);
    }

    /**
     * Lists the regular files below {@code folder} (at any depth, following links) that match, as
     * absolute normalised paths sorted by path.
     */
    static List<Path> walk(Path folder, Predicate<Path> filter) {
        try (Stream<Path> files = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(filter).filter(Files::isRegularFile).map(file -> file.toAbsolutePath().normalize())
                    .sorted().collect(Collectors.toList());
        } catch (IOException | UncheckedIOException e) {
            String reason = e instanceof UncheckedIOException unchecked ? unchecked.getCause().toString() : e.toString();
            throw new UserInputException(MESSAGES.format("folder.unreadable", folder, reason), e);
        }
    }

    /** Returns the path relative to {@code root} with {@code /} separators, as the dataset's image path. */
    static String relativePath(Path root, Path file) {
        Path relative = root.toAbsolutePath().normalize().relativize(file);
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
