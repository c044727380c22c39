package org.regiontag.db.io;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns an image path as a source writes it into the project's form: relative to its dataset root,
 * {@code /}-separated, without {@code .} or {@code ..} segments.
 *
 * <p>Backslashes count as separators (Windows-made files), spaces and non-ASCII characters are kept
 * as they are, an absolute path is accepted only when it lies under the root, and a path that
 * resolves outside the root is rejected. The check is lexical: a symbolic link inside the root that
 * points elsewhere is followed when the image is read.
 */
public final class ImagePaths {

    private ImagePaths() {
    }

    /** The outcome of resolving one path: a relative path inside the root, or the reason it is not one. */
    public sealed interface Resolution permits Inside, Rejected {
    }

    /**
     * A path inside the root.
     *
     * @param relativePath the normalised path relative to the root, {@code /}-separated
     * @param file the absolute file it names
     */
    public record Inside(String relativePath, Path file) implements Resolution {
    }

    /**
     * A path that is empty, invalid, or outside the root.
     *
     * @param reason why, in a few words, for the import summary
     */
    public record Rejected(String reason) implements Resolution {
    }

    /**
     * Resolves {@code sourcePath} against {@code root}.
     *
     * @param root an absolute, normalised folder
     * @param sourcePath the path exactly as the source writes it
     */
    public static Resolution resolve(Path root, String sourcePath) {
        String path = sourcePath.replace('\\', '/');
        if (isPlainRelative(path)) {
            try {
                return new Inside(path, root.resolve(path));
            } catch (InvalidPathException e) {
                return new Rejected(Messages.format("path.invalid", e.getReason()));
            }
        }
        if (path.isBlank()) {
            return new Rejected(Messages.format("path.empty"));
        }
        if (isWindowsAbsolute(path) && !root.toString().regionMatches(true, 0, path, 0, 2)) {
            return new Rejected(Messages.format("path.outsideRoot", root));
        }

        Path file;
        try {
            Path given = Path.of(path);
            file = (given.isAbsolute() ? given : root.resolve(given)).normalize();
        } catch (InvalidPathException e) {
            return new Rejected(Messages.format("path.invalid", e.getReason()));
        }
        if (!file.startsWith(root) || file.equals(root)) {
            return new Rejected(Messages.format("path.outsideRoot", root));
        }

        String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        return new Inside(relative, file);
    }

    /**
     * Returns whether the path is already in normal form: relative, with no empty, {@code .} or {@code ..}
     * segment, and no character a file system might reject. Most paths are, and they need no
     * {@link Path} normalisation, which costs more than the rest of an import's bookkeeping.
     */
    private static boolean isPlainRelative(String path) {
        if (path.isEmpty() || path.charAt(0) == '/' || path.charAt(path.length() - 1) == '/'
                || isWindowsAbsolute(path)) {
            return false;
        }
        int segmentStart = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                int length = i - segmentStart;
                if (length == 0 || path.startsWith(".", segmentStart) && (length == 1
                        || length == 2 && path.charAt(segmentStart + 1) == '.')) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (path.charAt(i) == '\0' || path.charAt(i) == ':') {
                return false;
            }
        }
        return true;
    }

    /** {@code C:/…}: absolute on Windows, but a relative name on other systems. */
    private static boolean isWindowsAbsolute(String path) {
        return path.length() >= 3 && Character.isLetter(path.charAt(0)) && path.charAt(1) == ':'
                && path.charAt(2) == '/';
    }
}
