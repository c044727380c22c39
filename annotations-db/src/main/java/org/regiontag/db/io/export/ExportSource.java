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
import org.regiontag.db.repo.LabelRepository;

/** The data every export format reads, from one read transaction so that all of it is one snapshot. */
final class ExportSource {

    private final Connection connection;
    private final List<Category> categories;
    private final Map<Long, Integer> positionById = new HashMap<>();
    private final ExportPaths paths;

    private ExportSource(Connection connection, List<Category> categories, ExportPaths paths) {
        this.connection = connection;
        this.categories = categories;
        this.paths = paths;
        for (int i = 0; i < categories.size(); i++) {
            positionById.put(categories.get(i).id(), i);
        }
    }

    static ExportSource load(Connection connection) throws SQLException {
        List<Category> categories = new CategoryRepository(connection).findAllCategories();
        ExportPaths paths = ExportPaths.of(new DatasetRootRepository(connection).findAllRoots());
        return new ExportSource(connection, categories, paths);
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

    /** Streams the images in id order with their working labels. */
    void forEachImage(Consumer<ImageLabels> consumer) throws SQLException {
        new LabelRepository(connection).forEachImageWithLabels(consumer);
    }
}
