package org.regiontag.db.io.formats;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;

/** Reads the small UTF-8 text files of dataset formats (names files, split lists, label files). */
public final class TextFiles {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.formats.messages", TextFiles.class);
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private TextFiles() {
    }

    /**
     * Reads a whole UTF-8 file, without a leading byte-order mark.
     *
     * @throws UserInputException when the file is missing, unreadable or not valid UTF-8
     */
    public static String readString(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (MalformedInputException e) {
            throw new UserInputException(MESSAGES.format("text.notUtf8", file), e);
        } catch (NoSuchFileException e) {
            throw new UserInputException(MESSAGES.format("file.notFound", file), e);
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("file.unreadable", file, e.getMessage()), e);
        }
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    /**
     * Reads a UTF-8 file as lines without their terminators ({@code \n}, {@code \r\n} or {@code \r});
     * line {@code n} of the file is element {@code n - 1}.
     *
     * @throws UserInputException when the file is missing, unreadable or not valid UTF-8
     */
    public static List<String> readLines(Path file) {
        return readString(file).lines().collect(Collectors.toList());
    }

    /** Lists the regular files directly in {@code folder}, sorted by name. */
    public static List<Path> listFiles(Path folder) {
        try (var entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("folder.unreadable", folder, e.getMessage()), e);
        }
    }

    /** Lists the folders directly in {@code folder}, sorted by name. */
    public static List<Path> listFolders(Path folder) {
        try (var entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("folder.unreadable", folder, e.getMessage()), e);
        }
    }
}
