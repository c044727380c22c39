package org.regiontag.db.io.csv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetCategory;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.DatasetReader;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;

/**
 * Reads the wide CSV layout: a header {@code image,<category>,<category>,…}, then one row per image
 * with {@code 1} (positive), {@code -1} (negative), or {@code 0} or an empty field (unknown) per
 * category; {@code positive}, {@code negative} and {@code unknown} are accepted too.
 *
 * <p>Columns named {@code <category>@source}, {@code <category>@actor} and {@code <category>@time}
 * after a category column hold provenance (as the export writes it) and are skipped. A row that lists
 * an image again is merged with the earlier one; a different value for the same cell is an error.
 * Image paths are relative to {@code imagesDir}, or to the CSV file's folder when it is not given.
 */
public final class CsvWideReader implements DatasetReader {

    public static final String FORMAT = "csv";
    static final List<String> PROVENANCE_SUFFIXES = List.of("@source", "@actor", "@time");

    @Override
    public ParsedDataset read(Path source, Path imagesDir, Split split) {
        Path root = imagesDir != null ? imagesDir : parentOf(source);
        WideRows rows = new WideRows(source, split);
        CsvFile.forEachRow(source, rows::accept);
        if (rows.columns == null) {
            throw new UserInputException(Messages.format("csv.empty", source, "image,cat,dog"));
        }
        List<String> notes = new ArrayList<>();
        if (rows.provenanceColumns > 0) {
            notes.add(Messages.format("csv.provenanceIgnored", rows.provenanceColumns));
        }
        return new ParsedDataset(FORMAT, source, root, rows.categories, rows.images(), notes);
    }

    static Path parentOf(Path source) {
        Path parent = source.toAbsolutePath().getParent();
        return parent != null ? parent : source.toAbsolutePath();
    }

    /** Collects the rows of one file. */
    private static final class WideRows {

        private final Path source;
        private final Split split;
        /** For each column, the category index, -1 for the image column, -2 for a skipped column. */
        private int[] columns;
        private final List<DatasetCategory> categories = new ArrayList<>();
        private int provenanceColumns;
        private final Map<String, Map<Integer, CellState>> cellsByImage = new LinkedHashMap<>();
        private final Map<String, Long> firstLineByImage = new HashMap<>();

        WideRows(Path source, Split split) {
            this.source = source;
            this.split = split;
        }

        void accept(CsvFile.Row row) {
            if (columns == null) {
                readHeader(row);
            } else {
                readImage(row);
            }
        }

        private void readHeader(CsvFile.Row row) {
            List<String> names = row.fields().stream().map(String::strip).toList();
            if (!names.get(0).equalsIgnoreCase("image")) {
                throw new UserInputException(Messages.format("wide.noImageColumn", source, row.line(), names.get(0)));
            }
            columns = new int[names.size()];
            columns[0] = -1;
            Map<String, Integer> indexByName = new HashMap<>();
            for (int i = 1; i < names.size(); i++) {
                String name = names.get(i);
                if (name.isEmpty()) {
                    throw new UserInputException(Messages.format("wide.blankCategory", source, row.line(), i + 1));
                }
                if (isProvenanceOf(name, indexByName)) {
                    columns[i] = -2;
                    provenanceColumns++;
                    continue;
                }
                if (indexByName.putIfAbsent(name, categories.size()) != null) {
                    throw new UserInputException(Messages.format("wide.repeatedCategory", source, row.line(), name));
                }
                columns[i] = categories.size();
                categories.add(new DatasetCategory(name, null));
            }
        }

        private static boolean isProvenanceOf(String name, Map<String, Integer> categories) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (String suffix : PROVENANCE_SUFFIXES) {
                if (lower.endsWith(suffix)
                        && categories.containsKey(name.substring(0, name.length() - suffix.length()))) {
                    return true;
                }
            }
            return false;
        }

        private void readImage(CsvFile.Row row) {
            List<String> fields = row.fields();
            if (fields.size() != columns.length) {
                throw new UserInputException(Messages.format("wide.fieldCount", source, row.line(), fields.size(),
                        columns.length));
            }
            String image = fields.get(0).strip();
            if (image.isEmpty()) {
                throw new UserInputException(Messages.format("csv.blankImage", source, row.line()));
            }

            Map<Integer, CellState> cells = cellsByImage.computeIfAbsent(image, key -> new HashMap<>());
            Long firstLine = firstLineByImage.putIfAbsent(image, row.line());
            for (int column = 1; column < fields.size(); column++) {
                int category = columns[column];
                if (category < 0) {
                    continue;
                }
                CellState state;
                try {
                    state = CsvFile.parseState(fields.get(column));
                } catch (IllegalArgumentException e) {
                    throw new UserInputException(Messages.format("wide.invalidState", source, row.line(),
                            fields.get(column), categories.get(category).name(), column + 1), e);
                }
                if (state == null) {
                    continue;
                }
                CellState earlier = cells.put(category, state);
                if (earlier != null && earlier != state) {
                    throw new UserInputException(Messages.format("csv.conflict", source, row.line(), image,
                            categories.get(category).name(), firstLine, earlier.storeName()));
                }
            }
        }

        List<DatasetImage> images() {
            List<DatasetImage> images = new ArrayList<>(cellsByImage.size());
            cellsByImage.forEach((path, cells) -> images.add(new DatasetImage(path, split, cells, 0, 0)));
            return images;
        }
    }
}
