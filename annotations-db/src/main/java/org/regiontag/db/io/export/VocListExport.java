package org.regiontag.db.io.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.Split;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.Label;

/**
 * Writes Pascal VOC classification lists into a folder: {@code ImageSets/Main/<category>_<split>.txt}
 * with one line {@code <image id> <value>} per image of the split, the value {@code 1} (positive),
 * {@code -1} (negative) or {@code 0} (unknown; VOC's "difficult"), and {@code ImageSets/Main/<split>.txt}
 * with the image ids of each split. The image id is the exported image path without its extension,
 * as VOC's {@code JPEGImages/<id>.jpg} expects. Lists have no room for provenance.
 */
final class VocListExport {

    /** Clashing or unusable image ids named in an error at most. */
    private static final int MAX_NAMED = 5;

    private final ExportSource source;
    private final ExportOptions options;

    VocListExport(ExportSource source, ExportOptions options) {
        this.source = source;
        this.options = options;
    }

    ExportSummary write(Path folder) throws IOException, SQLException {
        List<Category> categories = source.categories();
        for (Category category : categories) {
            checkUsableAsFileName(category.name());
        }
        checkImageIds();

        Path lists = folder.resolve("ImageSets").resolve("Main");
        long[] counts = new long[3];
        try (AtomicFolder files = new AtomicFolder()) {
            Map<Split, ListBuffer[]> writers = new EnumMap<>(Split.class);
            Map<Split, BufferedWriter> splitLists = new EnumMap<>(Split.class);
            IOException[] failure = new IOException[1];
            source.forEachImage(entry -> {
                if (failure[0] != null) {
                    return;
                }
                try {
                    Split split = entry.image().split();
                    ListBuffer[] byCategory = writers.get(split);
                    if (byCategory == null) {
                        byCategory = openLists(files, lists, split);
                        writers.put(split, byCategory);
                        splitLists.put(split, files.open(lists.resolve(split.storeName() + ".txt")));
                    }
                    String id = imageId(source.paths().pathOf(entry.image()));
                    writeLines(id, entry.labels(), byCategory, counts);
                    splitLists.get(split).write(id);
                    splitLists.get(split).write('\n');
                    counts[2]++;
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            for (ListBuffer[] byCategory : writers.values()) {
                for (ListBuffer buffer : byCategory) {
                    buffer.flush();
                }
            }
            files.commit();
        }

        List<String> warnings = new ArrayList<>();
        if (options.provenance()) {
            warnings.add(Messages.format("voc.noProvenance"));
        }
        return new ExportSummary(ExportFormat.VOC, folder, source.paths().commonRoot(), counts[2], categories.size(),
                counts[0], counts[1], warnings);
    }

    private ListBuffer[] openLists(AtomicFolder files, Path lists, Split split) throws IOException {
        List<Category> categories = source.categories();
        ListBuffer[] byCategory = new ListBuffer[categories.size()];
        for (int i = 0; i < byCategory.length; i++) {
            byCategory[i] = new ListBuffer(
                    files.open(lists.resolve(categories.get(i).name() + "_" + split.storeName() + ".txt")));
        }
        return byCategory;
    }

    private void writeLines(String id, List<Label> labels, ListBuffer[] byCategory, long[] counts)
            throws IOException {
        String[] values = new String[byCategory.length];
        for (Label label : labels) {
            boolean positive = label.state() == CellState.POSITIVE;
            values[source.positionOf(label.categoryId())] = positive ? "  1\n" : " -1\n";
            counts[positive ? 0 : 1]++;
        }
        for (int i = 0; i < byCategory.length; i++) {
            byCategory[i].append(id, values[i] != null ? values[i] : "  0\n");
        }
    }

    /**
     * Collects one list file's lines and hands them to its writer in large pieces: a VOC export of a
     * COCO-sized project writes millions of short lines, and {@link BufferedWriter} takes a lock on
     * every call.
     */
    private static final class ListBuffer {

        private static final int FLUSH_CHARS = 1 << 16;

        private final BufferedWriter writer;
        private final StringBuilder lines = new StringBuilder(FLUSH_CHARS + 256);

        ListBuffer(BufferedWriter writer) {
            this.writer = writer;
        }

        void append(String id, String value) throws IOException {
            lines.append(id).append(value);
            if (lines.length() >= FLUSH_CHARS) {
                flush();
            }
        }

        void flush() throws IOException {
            writer.append(lines);
            lines.setLength(0);
        }
    }

    /** Rejects images whose id would break the lists: two images with one id, or whitespace in an id. */
    private void checkImageIds() throws SQLException {
        Map<String, String> pathById = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        List<String> spaced = new ArrayList<>();
        source.forEachImageRecord(image -> {
            String path = source.paths().pathOf(image);
            String id = imageId(path);
            if (id.chars().anyMatch(Character::isWhitespace)) {
                spaced.add(path);
            }
            String earlier = pathById.putIfAbsent(id, path);
            if (earlier != null) {
                clashes.add(earlier + " / " + path);
            }
        });
        if (!spaced.isEmpty()) {
            throw new UserInputException(Messages.format("voc.whitespace", spaced.size(),
                    String.join(", ", spaced.subList(0, Math.min(MAX_NAMED, spaced.size())))));
        }
        if (!clashes.isEmpty()) {
            throw new UserInputException(Messages.format("voc.idClash", clashes.size(),
                    String.join(", ", clashes.subList(0, Math.min(MAX_NAMED, clashes.size())))));
        }
    }

    private static void checkUsableAsFileName(String name) {
        if (name.equals(".") || name.equals("..") || name.chars().anyMatch(c -> c == '/' || c == '\\' || c == 0)) {
            throw new UserInputException(Messages.format("voc.badCategory", name));
        }
    }

    /** Removes the extension from a path's last segment. */
    static String imageId(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash + 1 ? path.substring(0, dot) : path;
    }
}
