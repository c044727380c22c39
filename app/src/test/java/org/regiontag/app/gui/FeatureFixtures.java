package org.regiontag.app.gui;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.regiontag.db.Project;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.db.repo.Prototype;
import org.regiontag.db.repo.PrototypeKind;
import org.regiontag.db.repo.PrototypeRepository;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.features.FeatureKey;
import org.regiontag.engine.features.FeatureShape;
import org.regiontag.engine.features.PreprocessingKey;

/**
 * Cached features and prototypes with a known geometry, written through the engine's feature cache
 * and the store's repositories as extraction and training write them.
 *
 * <p>Embeddings have {@value #EMBED_DIM} values. Category {@code c} (in display order) has the text
 * prototype {@code e[c mod 8]} and the visual prototype {@code e[(c + 1) mod 8]}. Every image's dense
 * map is {@value #GRID} by {@value #GRID}; its left half points along the circle's text prototype
 * {@code e0} and its right half the opposite way, so the circle's text-pixel map is +1 on the left
 * and -1 on the right.
 */
public final class FeatureFixtures {

    public static final int EMBED_DIM = 8;
    public static final int GRID = 4;
    public static final String MODEL = "test-clip";

    private FeatureFixtures() {
    }

    /** Writes features for every image with a file, and the prototypes of {@code version}. */
    public static void write(Project project, long version) throws IOException {
        FeatureCache cache = FeatureCache.open(project.featuresFolder(),
                new FeatureKey(MODEL + "-fingerprint", PreprocessingKey.clip(PreprocessingKey.ResizeMode.SQUARE, 64)),
                MODEL, new FeatureShape(EMBED_DIM, GRID, GRID));
        List<ImageRecord> images = new ArrayList<>();
        project.database().read(connection -> {
            new ImageRepository(connection).forEachImage(images::add);
            return null;
        });
        for (ImageRecord image : images) {
            if (image.sha256() != null) {
                cache.put(image.sha256(), unit(0), leftRightMap(image.id()));
            }
        }

        List<Category> categories = project.database().read(connection ->
                new CategoryRepository(connection).findAllCategories());
        List<Prototype> prototypes = new ArrayList<>();
        for (int c = 0; c < categories.size(); c++) {
            long categoryId = categories.get(c).id();
            prototypes.add(new Prototype(version, categoryId, PrototypeKind.TEXT, 0, unit(c % EMBED_DIM)));
            prototypes.add(new Prototype(version, categoryId, PrototypeKind.VISUAL, 0, unit((c + 1) % EMBED_DIM)));
        }
        project.database().inTransaction(connection -> {
            new PrototypeRepository(connection).upsertPrototypes(prototypes);
            return null;
        });
    }

    /** A dense map {@code (GRID, GRID, EMBED_DIM)}: +e0 on the left half, -e0 on the right, and a small image-specific part. */
    static float[] leftRightMap(long imageId) {
        float[] dense = new float[GRID * GRID * EMBED_DIM];
        for (int row = 0; row < GRID; row++) {
            for (int column = 0; column < GRID; column++) {
                int offset = (row * GRID + column) * EMBED_DIM;
                dense[offset] = column < GRID / 2 ? 1f : -1f;
                dense[offset + 1 + (int) (imageId % (EMBED_DIM - 1))] = 0.01f * (row + 1);
            }
        }
        return dense;
    }

    static float[] unit(int axis) {
        float[] vector = new float[EMBED_DIM];
        vector[axis] = 1f;
        return vector;
    }
}
