package org.regiontag.db.io.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.regiontag.db.Timestamps;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.Label;

/**
 * Writes a COCO-style JSON file with the image-level labels in the extension field
 * {@code image_labels}: one object per known cell with {@code image_id}, {@code category_id} and
 * {@code state} ({@code positive} or {@code negative}), plus {@code source}, {@code actor} and
 * {@code time} with provenance. {@code images} and {@code categories} are standard COCO;
 * {@code annotations} is empty because image-level labels have no boxes. Category ids are the
 * original ids when every category has a distinct integer one, otherwise 1 to n in display order.
 * Image ids are 1 to n in the project's order.
 */
final class CocoExport {

    static final String EXTENSION_FIELD = "image_labels";

    private final ExportSource source;
    private final ExportOptions options;
    private final String projectName;

    CocoExport(ExportSource source, ExportOptions options, String projectName) {
        this.source = source;
        this.options = options;
        this.projectName = projectName;
    }

    ExportSummary write(Path target) throws IOException, SQLException {
        List<Category> categories = source.categories();
        long[] categoryIds = categoryIds(categories);
        long[] counts = new long[3];

        AtomicFiles.write(target, out -> {
            JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
            json.writeStartObject();
            writeInfo(json);
            json.writeArrayFieldStart("licenses");
            json.writeEndArray();

            json.writeArrayFieldStart("images");
            stream(() -> source.forEachImageRecord(image -> call(() -> {
                counts[2]++;
                json.writeStartObject();
                json.writeNumberField("id", counts[2]);
                json.writeStringField("file_name", source.paths().pathOf(image));
                json.writeNumberField("width", image.width());
                json.writeNumberField("height", image.height());
                json.writeEndObject();
            })));
            json.writeEndArray();

            json.writeArrayFieldStart("annotations");
            json.writeEndArray();

            json.writeArrayFieldStart("categories");
            for (int i = 0; i < categories.size(); i++) {
                json.writeStartObject();
                json.writeNumberField("id", categoryIds[i]);
                json.writeStringField("name", categories.get(i).name());
                json.writeStringField("supercategory", "");
                json.writeEndObject();
            }
            json.writeEndArray();

            json.writeArrayFieldStart(EXTENSION_FIELD);
            long[] imageId = {0};
            stream(() -> source.forEachImage(entry -> call(() -> {
                imageId[0]++;
                for (Label label : entry.labels()) {
                    writeLabel(json, imageId[0], categoryIds[source.positionOf(label.categoryId())], label);
                    counts[label.state() == CellState.POSITIVE ? 0 : 1]++;
                }
            })));
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
        });

        return new ExportSummary(ExportFormat.COCO, target, source.paths().commonRoot(), counts[2], categories.size(),
                counts[0], counts[1], List.of(Messages.format("coco.extensionWarning", EXTENSION_FIELD)));
    }

    private void writeInfo(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("info");
        json.writeStringField("description", Messages.format("coco.description", projectName, EXTENSION_FIELD));
        json.writeStringField("version", "1.0");
        json.writeStringField("date_created", Timestamps.format(Instant.now()));
        json.writeEndObject();
    }

    private void writeLabel(JsonGenerator json, long imageId, long categoryId, Label label) throws IOException {
        json.writeStartObject();
        json.writeNumberField("image_id", imageId);
        json.writeNumberField("category_id", categoryId);
        json.writeStringField("state", label.state().storeName());
        if (options.provenance()) {
            json.writeStringField("source", label.source().storeName());
            json.writeStringField("actor", source.actorOf(label));
            json.writeStringField("time", source.timeOf(label));
        }
        json.writeEndObject();
    }

    /** Chooses the original ids when they are distinct integers, otherwise 1 to n. */
    static long[] categoryIds(List<Category> categories) {
        long[] ids = new long[categories.size()];
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < ids.length; i++) {
            try {
                String original = categories.get(i).originalId();
                ids[i] = original == null ? -1 : Long.parseLong(original.strip());
            } catch (NumberFormatException e) {
                ids[i] = -1;
            }
            if (ids[i] < 0 || !seen.add(ids[i])) {
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = k + 1L;
                }
                return ids;
            }
        }
        return ids;
    }

    @FunctionalInterface
    private interface JsonWork {
        void run() throws IOException;
    }

    @FunctionalInterface
    private interface Streaming {
        void run() throws SQLException;
    }

    private static void call(JsonWork work) {
        try {
            work.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stream(Streaming streaming) throws IOException, SQLException {
        try {
            streaming.run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
