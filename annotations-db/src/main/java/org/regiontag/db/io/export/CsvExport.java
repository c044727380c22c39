package org.regiontag.db.io.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.ImageLabels;
import org.regiontag.db.repo.Label;

/**
 * Writes the CSV layouts that {@link org.regiontag.db.io.csv.CsvWideReader} and
 * {@link org.regiontag.db.io.csv.CsvLongReader} read: UTF-8 without a byte-order mark, comma
 * separated, LF line ends, fields quoted only where needed.
 *
 * <p>Wide: {@code image,<category>,…} with {@code 1}, {@code -1} or {@code 0} (unknown), and with
 * provenance three more columns per category at the end, {@code <category>@source},
 * {@code <category>@actor} and {@code <category>@time}, empty for unknown cells. Long:
 * {@code image,category,state} with one row per known cell and {@code positive} or
 * {@code negative}, and with provenance the columns {@code source,actor,time}; an image without
 * known cells gets one row with an empty category and state {@code unknown}, and a category without
 * known cells one row with an empty image, so that both survive a round trip.
 */
final class CsvExport {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private final ExportSource source;
    private final boolean provenance;
    private final List<Category> categories;
    private long images;
    private long positive;
    private long negative;

    CsvExport(ExportSource source, ExportOptions options) {
        this.source = source;
        this.provenance = options.provenance();
        this.categories = source.categories();
    }

    ExportSummary writeWide(Path target) throws IOException, SQLException {
        List<String> header = new ArrayList<>();
        header.add("image");
        categories.forEach(category -> header.add(category.name()));
        if (provenance) {
            for (Category category : categories) {
                header.add(category.name() + "@source");
                header.add(category.name() + "@actor");
                header.add(category.name() + "@time");
            }
        }

        write(target, header, this::writeWideRow, printer -> { });
        return summary(ExportFormat.CSV, target);
    }

    ExportSummary writeLong(Path target) throws IOException, SQLException {
        List<String> header = new ArrayList<>(List.of("image", "category", "state"));
        if (provenance) {
            header.addAll(List.of("source", "actor", "time"));
        }

        boolean[] categoryHasCells = new boolean[categories.size()];
        String[] categoryFields = new String[categories.size()];
        for (int i = 0; i < categoryFields.length; i++) {
            categoryFields[i] = field(categories.get(i).name());
        }
        write(target, header, (printer, entry) -> {
            String path = source.paths().pathOf(entry.image());
            if (entry.labels().isEmpty()) {
                printer.printRecord(longRow(path, "", "unknown"));
            }
            // Appended as text, like the wide rows: a COCO-sized export has 9.4 million of these rows.
            Appendable out = printer.getOut();
            String pathField = field(path);
            for (Label label : entry.labels()) {
                int position = source.positionOf(label.categoryId());
                categoryHasCells[position] = true;
                countCell(label.state());
                out.append(pathField).append(',').append(categoryFields[position])
                        .append(label.state() == CellState.POSITIVE ? ",positive" : ",negative");
                if (provenance) {
                    out.append(',').append(label.source().storeName());
                    FORMAT.print(source.actorOf(label), out, false);
                    FORMAT.print(source.timeOf(label), out, false);
                }
                out.append('\n');
            }
        }, printer -> {
            for (int i = 0; i < categories.size(); i++) {
                if (!categoryHasCells[i]) {
                    printer.printRecord(longRow("", categories.get(i).name(), "unknown"));
                }
            }
        });
        return summary(ExportFormat.CSV_LONG, target);
    }

    /** Returns a value as one CSV field: quoted only where the separator, a quote or a line break needs it. */
    private static String field(String value) throws IOException {
        StringBuilder text = new StringBuilder(value.length() + 2);
        FORMAT.print(value, text, true);
        return text.toString();
    }

    /** Builds a long row without provenance values, padded to the header's width. */
    private Object[] longRow(String image, String category, String state) {
        return provenance ? new Object[] {image, category, state, "", "", ""} : new Object[] {image, category, state};
    }

    /**
     * Writes one wide row. Only the path and provenance values can need quoting, so the cell values
     * are appended as they are, which keeps a COCO-sized export to a few seconds.
     */
    private void writeWideRow(CSVPrinter printer, ImageLabels entry) throws IOException {
        String[] cells = new String[categories.size()];
        String[] origin = provenance ? new String[3 * categories.size()] : null;
        for (Label label : entry.labels()) {
            countCell(label.state());
            int position = source.positionOf(label.categoryId());
            cells[position] = label.state() == CellState.POSITIVE ? ",1" : ",-1";
            if (provenance) {
                origin[3 * position] = label.source().storeName();
                origin[3 * position + 1] = source.actorOf(label);
                origin[3 * position + 2] = source.timeOf(label);
            }
        }

        Appendable out = printer.getOut();
        FORMAT.print(source.paths().pathOf(entry.image()), out, true);
        for (String cell : cells) {
            out.append(cell != null ? cell : ",0");
        }
        if (provenance) {
            for (String value : origin) {
                FORMAT.print(value != null ? value : "", out, false);
            }
        }
        out.append('\n');
    }

    private void countCell(CellState state) {
        if (state == CellState.POSITIVE) {
            positive++;
        } else {
            negative++;
        }
    }

    private ExportSummary summary(ExportFormat format, Path target) {
        return new ExportSummary(format, target, source.paths().commonRoot(), images, categories.size(), positive,
                negative, List.of());
    }

    /** Writes the header, one call of {@code rows} per image, then {@code trailer}, to the target atomically. */
    private void write(Path target, List<String> header, RowWriter rows, TrailerWriter trailer)
            throws IOException, SQLException {
        AtomicFiles.write(target, out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            CSVPrinter printer = new CSVPrinter(writer, FORMAT);
            printer.printRecord(header);
            try {
                source.forEachImage(entry -> {
                    try {
                        rows.write(printer, entry);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    images++;
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            trailer.write(printer);
            printer.flush();
        });
    }

    @FunctionalInterface
    private interface RowWriter {
        void write(CSVPrinter printer, ImageLabels entry) throws IOException;
    }

    @FunctionalInterface
    private interface TrailerWriter {
        void write(CSVPrinter printer) throws IOException;
    }
}
