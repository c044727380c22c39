package org.regiontag.db.io.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.CellState;

/**
 * Reads a CSV file the way spreadsheets and scripts write them. It accepts UTF-8 with or without a
 * byte-order mark, LF or CRLF line ends, quoted fields that contain separators, quotes or line
 * breaks, and blank lines anywhere (skipped). The separator is a comma, unless the header line has
 * no comma: then it is a semicolon if the header has one, otherwise a tab if it has one.
 */
final class CsvFile {

    /** Characters read ahead to find the header line's separator. */
    private static final int HEADER_LOOKAHEAD = 1 << 20;

    private CsvFile() {
    }

    /**
     * One record with the line it ends on.
     *
     * @param fields the fields, unquoted
     * @param line the 1-based line number of the record's last line (its only line, unless a quoted
     *     field spans lines)
     */
    record Row(List<String> fields, long line) {
    }

    /**
     * Calls {@code consumer} for every non-blank record, the header first.
     *
     * @throws UserInputException when the file cannot be read, is not UTF-8, or is malformed
     */
    static void forEachRow(Path file, Consumer<Row> consumer) {
        if (Files.isDirectory(file)) {
            throw new UserInputException(Messages.format("csv.isFolder", file));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            skipByteOrderMark(reader);
            char separator = detectSeparator(reader);
            CSVFormat format = CSVFormat.DEFAULT.builder()
                    .setDelimiter(separator)
                    .setIgnoreEmptyLines(true)
                    .get();
            try (CSVParser parser = CSVParser.parse(reader, format)) {
                Iterator<CSVRecord> records = parser.iterator();
                while (hasNext(records, file, parser)) {
                    CSVRecord record = records.next();
                    List<String> fields = record.toList();
                    if (fields.size() == 1 && fields.get(0).isBlank()) {
                        continue;
                    }
                    consumer.accept(new Row(fields, parser.getCurrentLineNumber()));
                }
            }
        } catch (NoSuchFileException e) {
            throw new UserInputException(Messages.format("csv.notFound", file), e);
        } catch (CharacterCodingException e) {
            throw new UserInputException(Messages.format("csv.notUtf8", file), e);
        } catch (IOException e) {
            throw new UserInputException(Messages.format("csv.unreadable", file, e.getMessage()), e);
        }
    }

    /**
     * The state a field names: {@code 1}, {@code +1} or {@code positive}; {@code -1} or
     * {@code negative}; {@code 0}, {@code unknown} or empty for unknown, in any case and with
     * surrounding spaces.
     *
     * @return the state, or {@code null} for unknown
     * @throws IllegalArgumentException when the field has another value
     */
    static CellState parseState(String field) {
        String value = field.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "1", "+1", "positive" -> CellState.POSITIVE;
            case "-1", "negative" -> CellState.NEGATIVE;
            case "0", "", "unknown" -> null;
            default -> throw new IllegalArgumentException(field);
        };
    }

    /** Wraps the parser's own errors (an unclosed quote, a bad escape) with the file and line. */
    private static boolean hasNext(Iterator<CSVRecord> records, Path file, CSVParser parser) throws IOException {
        try {
            return records.hasNext();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException coding) {
                throw coding;
            }
            throw new UserInputException(Messages.format("csv.malformed", file, parser.getCurrentLineNumber() + 1,
                    e.getCause().getMessage()), e);
        } catch (IllegalStateException e) {
            throw new UserInputException(Messages.format("csv.malformed", file, parser.getCurrentLineNumber() + 1,
                    e.getMessage()), e);
        }
    }

    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }

    private static char detectSeparator(BufferedReader reader) throws IOException {
        reader.mark(HEADER_LOOKAHEAD);
        String header = reader.readLine();
        reader.reset();
        if (header == null || header.indexOf(',') >= 0) {
            return ',';
        }
        if (header.indexOf(';') >= 0) {
            return ';';
        }
        return header.indexOf('\t') >= 0 ? '\t' : ',';
    }
}
