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
 * Reads the long CSV layout: a header with the columns {@code image}, {@code category} and
 * {@code state} in any order, then one row per cell; the state is {@code 1}, {@code -1}, {@code 0}
 * (unknown) or {@code positive}, {@code negative}, {@code unknown}. Other columns (such as the
 * provenance columns {@code source}, {@code actor} and {@code time} the export writes) are skipped.
 *
 * <p>An image whose rows are all unknown is imported as all-unknown. A row with an unknown state may
 * leave the category empty (it lists the image only) or the image empty (it declares the category
 * only), as the export writes for images and categories without known cells. Categories are in order
 * of first appearance. Two rows of one cell with different known states are an error. Image paths
 * are relative to {@code imagesDir}, or to the CSV file's folder when it is not given.
 */
public final class CsvLongReader implements DatasetReader {

    public static final String FORMAT = "csv-long";

    @Override
    public ParsedDataset read(Path source, Path imagesDir, Split split) {
        Path root = imagesDir != null ? imagesDir : CsvWideReader.parentOf(source);
        LongRows rows = new LongRows(source);
        CsvFile.forEachRow(source, rows::accept);
        if (rows.imageColumn < 0) {
            throw new UserInputException(Messages.format("csv.empty", source, "image,category,state"));
        }

        List<DatasetImage> images = new ArrayList<>(rows.cellsByImage.size());
        rows.cellsByImage.forEach((path, cells) -> images.add(new DatasetImage(path, split, cells, 0, 0)));
        List<String> notes = new ArrayList<>();
        if (!rows.skippedColumns.isEmpty()) {
            notes.add(Messages.format("long.columnsIgnored", String.join(", ", rows.skippedColumns)));
        }
        return new ParsedDataset(FORMAT, source, root, rows.categories, images, notes);
    }

    /** Collects the rows of one file. */
    private static final class LongRows {

        private final Path source;
        private int imageColumn = -1;
        private int categoryColumn = -1;
        private int stateColumn = -1;
        private int columnCount;
        private final List<String> skippedColumns = new ArrayList<>();
        private final List<DatasetCategory> categories = new ArrayList<>();
        private final Map<String, Integer> categoryIndex = new HashMap<>();
        private final Map<String, Map<Integer, CellState>> cellsByImage = new LinkedHashMap<>();
        /** The line of each known cell's row, for conflict messages. */
        private final Map<String, Long> lineByCell = new HashMap<>();

        LongRows(Path source) {
            this.source = source;
        }

        void accept(CsvFile.Row row) {
            if (imageColumn < 0) {
                readHeader(row);
            } else {
                readCell(row);
            }
        }

        private void readHeader(CsvFile.Row row) {
            List<String> names = row.fields();
            columnCount = names.size();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i).strip().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "image" -> imageColumn = i;
                    case "category" -> categoryColumn = i;
                    case "state" -> stateColumn = i;
                    default -> skippedColumns.add(names.get(i).strip());
                }
            }
            for (String required : List.of("image", "category", "state")) {
                boolean present = switch (required) {
                    case "image" -> imageColumn >= 0;
                    case "category" -> categoryColumn >= 0;
                    default -> stateColumn >= 0;
                };
                if (!present) {
                    throw new UserInputException(Messages.format("long.missingColumn", source, row.line(), required));
                }
            }
        }

        private void readCell(CsvFile.Row row) {
            List<String> fields = row.fields();
            if (fields.size() != columnCount) {
                throw new UserInputException(Messages.format("long.fieldCount", source, row.line(), fields.size(),
                        columnCount));
            }
            String image = fields.get(imageColumn).strip();
            String category = fields.get(categoryColumn).strip();
            CellState state;
            try {
                state = CsvFile.parseState(fields.get(stateColumn));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(Messages.format("long.invalidState", source, row.line(),
                        fields.get(stateColumn)), e);
            }
            boolean listsOnlyOne = state == null && (image.isEmpty() != category.isEmpty());
            if (image.isEmpty() && !listsOnlyOne) {
                throw new UserInputException(Messages.format("csv.blankImage", source, row.line()));
            }
            if (category.isEmpty() && !listsOnlyOne) {
                throw new UserInputException(Messages.format("long.blankCategory", source, row.line()));
            }

            Integer index = category.isEmpty() ? null : categoryIndex.get(category);
            if (index == null && !category.isEmpty()) {
                index = categories.size();
                categoryIndex.put(category, index);
                categories.add(new DatasetCategory(category, null));
            }
            if (image.isEmpty()) {
                return;
            }
            Map<Integer, CellState> cells = cellsByImage.computeIfAbsent(image, key -> new HashMap<>());
            if (state == null) {
                return;
            }
            CellState earlier = cells.put(index, state);
            String cell = image + '\u0000' + category;
            Long earlierLine = lineByCell.putIfAbsent(cell, row.line());
            if (earlier != null && earlier != state) {
                throw new UserInputException(Messages.format("csv.conflict", source, row.line(), image, category,
                        earlierLine, earlier.storeName()));
            }
        }
    }
}
