package org.regiontag.db.io.export;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.DatasetRootRepository;
import org.regiontag.db.repo.ImageLabels;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelBatch;
import org.regiontag.db.repo.LabelBatchRepository;
import org.regiontag.db.repo.LabelRepository;

/** The data every export format reads, from one read transaction so that all of it is one snapshot. */
final class ExportSource {

    private final Connection connection;
    private final List<Category> categories;
    private final Map<Long, Integer> positionById = new HashMap<>();
    private final ExportPaths paths;
    /** The batches by id: one per edit or import, so far fewer than labels. */
    private final Map<Long, LabelBatch> batches = new HashMap<>();

    private ExportSource(Connection connection, List<Category> categories, ExportPaths paths,
            List<LabelBatch> batches) {
        this.connection = connection;
        this.categories = categories;
        this.paths = paths;
        for (LabelBatch batch : batches) {
            this.batches.put(batch.id(), batch);
        }
        for (int i = 0; i < categories.size(); i++) {
            positionById.put(categories.get(i).id(), i);
        }
    }

    static ExportSource load(Connection connection) throws SQLException {
        List<Category> categories = new CategoryRepository(connection).findAllCategories();
        ExportPaths paths = ExportPaths.of(new DatasetRootRepository(connection).findAllRoots());
        return new ExportSource(connection, categories, paths,
                new LabelBatchRepository(connection).findAllBatches());
    }

    /** Returns the categories in display order. */
    List<Category> categories() {
        return categories;
    }

    /** Returns the position of a category in {@link #categories()}. */
    int positionOf(long categoryId) {
        return positionById.get(categoryId);
    }

    ExportPaths paths() {
        return paths;
    }

    /** Returns who set a label: the actor of its batch. */
    String actorOf(Label label) {
        return batchOf(label).actor();
    }

    /** Returns when a label was set: the creation time of its batch. */
    String timeOf(Label label) {
        return batchOf(label).createdAt();
    }

    private LabelBatch batchOf(Label label) {
        LabelBatch batch = batches.get(label.batchId());
        if (batch == null) {
            throw new IllegalStateException("label of image " + label.imageId() + " refers to batch "
                    + label.batchId() + ", which is not in the project");
        }
        return batch;
    }

    /** Streams the images in id order, without their labels. */
    void forEachImageRecord(Consumer<ImageRecord> consumer) throws SQLException {
        new ImageRepository(connection).forEachImage(consumer);
    }

    /** Streams the images in id order with their working labels. */
    void forEachImage(Consumer<ImageLabels> consumer) throws SQLException {
        new LabelRepository(connection).forEachImageWithLabels(consumer);
    }
}
