package org.regiontag.db;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.Split;
import org.regiontag.db.repo.BatchKind;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.DatasetRootRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelBatchRepository;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.LabelSource;

/** A fresh project in a temporary folder with a few images and categories written through the repositories. */
public final class StoreFixture implements AutoCloseable {

    public final Project project;
    public final Database database;
    public final List<Long> imageIds = new ArrayList<>();
    public final List<Long> categoryIds = new ArrayList<>();

    private StoreFixture(Project project) {
        this.project = project;
        this.database = project.database();
    }

    /** Creates a project with images {@code img0.jpg…} (files missing) under {@code temp/images}. */
    public static StoreFixture withImagesAndCategories(Path temp, int images, String... categories) {
        StoreFixture fixture = new StoreFixture(Project.create(temp.resolve("project"), "test", Clock.systemUTC()));
        fixture.database.inTransaction(connection -> {
            long rootId = new DatasetRootRepository(connection).insertRoot(temp.resolve("images").toAbsolutePath(),
                    false, fixture.database.now());
            List<ImageRecord> records = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                records.add(new ImageRecord(i + 1, rootId, "img" + i + ".jpg", 0, 0, null, 1, Split.TRAIN,
                        ImageStatus.MISSING, "no file"));
                fixture.imageIds.add((long) (i + 1));
            }
            new ImageRepository(connection).insertImages(records);
            CategoryRepository categoryRepository = new CategoryRepository(connection);
            for (String name : categories) {
                Category category = categoryRepository.insertCategory(name, null);
                fixture.categoryIds.add(category.id());
            }
            return null;
        });
        return fixture;
    }

    public long image(int index) {
        return imageIds.get(index);
    }

    public long category(int index) {
        return categoryIds.get(index);
    }

    /** Writes an imported label directly, as an import would. */
    public void importLabel(int image, int category, CellState state) {
        database.inTransaction(connection -> {
            long batch = new LabelBatchRepository(connection).insertBatch(BatchKind.IMPORT, "fixture import",
                    "importer", database.now(), null);
            new LabelRepository(connection).upsertLabel(new Label(image(image), category(category), state,
                    LabelSource.IMPORTED, batch));
            return null;
        });
    }

    /** Returns who set a label: the actor of its batch. */
    public String actorOf(Label label) {
        return database.read(connection -> new LabelBatchRepository(connection).findBatch(label.batchId())
                .orElseThrow().actor());
    }

    /** Returns the working label of a cell, or {@code null} when unknown. */
    public Label label(int image, int category) {
        return database.read(connection -> new LabelRepository(connection)
                .findLabel(image(image), category(category)).orElse(null));
    }

    public <T> T read(SqlWork<T> work) {
        return database.read(work);
    }

    public long count(String table) {
        return database.read(connection -> countRows(connection, table));
    }

    private static long countRows(java.sql.Connection connection, String table) throws SQLException {
        try (var statement = connection.createStatement();
                var row = statement.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    @Override
    public void close() {
        project.close();
    }
}
