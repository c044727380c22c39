package org.regiontag.db.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.StoreFixture;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.Split;

class RepositoriesTest {

    @TempDir
    Path temp;

    private StoreFixture store;

    @BeforeEach
    void createStore() {
        store = StoreFixture.withImagesAndCategories(temp, 4, "cat", "dog", "traffic_light");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void statisticsCountWorkingLabelsPerCategory() {
        store.importLabel(0, 0, CellState.POSITIVE);
        store.importLabel(1, 0, CellState.POSITIVE);
        store.importLabel(2, 0, CellState.NEGATIVE);
        store.importLabel(0, 1, CellState.NEGATIVE);

        Statistics statistics = store.read(connection -> new StatisticsRepository(connection).computeStatistics());

        assertThat(statistics.images()).isEqualTo(4);
        assertThat(statistics.missingImages()).isEqualTo(4);
        assertThat(statistics.damagedImages()).isZero();
        assertThat(statistics.categories()).containsExactly(
                new CategoryCounts("cat", 2, 1, 1),
                new CategoryCounts("dog", 0, 1, 3),
                new CategoryCounts("traffic_light", 0, 0, 4));
        assertThat(statistics.groundTruth()).isNull();
    }

    @Test
    void statisticsReportGroundTruthSeparately() {
        store.importLabel(0, 0, CellState.POSITIVE);
        store.database.inTransaction(connection -> {
            new CompleteLabelRepository(connection).upsertCompleteLabels(List.of(
                    new CompleteLabel(store.image(0), store.category(0), CellState.POSITIVE),
                    new CompleteLabel(store.image(0), store.category(1), CellState.NEGATIVE),
                    new CompleteLabel(store.image(1), store.category(0), CellState.NEGATIVE)));
            return null;
        });

        Statistics statistics = store.read(connection -> new StatisticsRepository(connection).computeStatistics());

        assertThat(statistics.categories().get(0)).isEqualTo(new CategoryCounts("cat", 1, 0, 3));
        assertThat(statistics.groundTruth().images()).isEqualTo(2);
        assertThat(statistics.groundTruth().categories()).containsExactly(
                new CategoryCounts("cat", 1, 1, 0),
                new CategoryCounts("dog", 0, 1, 1),
                new CategoryCounts("traffic_light", 0, 0, 2));
    }

    @Test
    void categoryGetsPromptNameAndColour() {
        Category light = store.read(connection -> new CategoryRepository(connection)
                .findCategoryByName("traffic_light").orElseThrow());

        assertThat(light.promptName()).isEqualTo("traffic light");
        assertThat(light.colour()).matches("#[0-9a-f]{6}");
        assertThat(light.sortOrder()).isEqualTo(2);
    }

    @Test
    void imageFilterFindsUnknownCellsOfACategory() {
        store.importLabel(0, 1, CellState.POSITIVE);
        new LabelEditor(store.database).setCell(store.image(2), store.category(1), CellState.NEGATIVE, "a", "x");

        List<ImageRecord> unknownDog = store.read(connection -> new ImageRepository(connection).findImages(
                new ImageFilter(Split.TRAIN, ImageStatus.MISSING, store.category(1), false, 10, 0)));

        assertThat(unknownDog).extracting(ImageRecord::id).containsExactly(store.image(1), store.image(3));
    }

    @Test
    void imageFilterPagesById() {
        List<ImageRecord> secondPage = store.read(connection -> new ImageRepository(connection).findImages(
                new ImageFilter(null, null, null, false, 2, store.image(1))));

        assertThat(secondPage).extracting(ImageRecord::id).containsExactly(store.image(2), store.image(3));
    }

    @Test
    void prototypeVectorRoundTripsExactly() {
        float[] vector = {0.25f, -1.5f, Float.MIN_VALUE, 3.0e7f};
        long version = store.database.inTransaction(connection -> new ModelVersionRepository(connection)
                .insertModelVersion(null, "b", "{}", null, "w", "t"));

        store.database.inTransaction(connection -> {
            new PrototypeRepository(connection).upsertPrototypes(List.of(
                    new Prototype(version, store.category(0), PrototypeKind.VISUAL, 0, vector)));
            return null;
        });
        List<Prototype> read = store.read(connection -> new PrototypeRepository(connection)
                .findPrototypesByVersion(version));

        assertThat(read).hasSize(1);
        assertThat(read.get(0).vector()).containsExactly(vector);
        assertThat(read.get(0).kind()).isEqualTo(PrototypeKind.VISUAL);
    }

    @Test
    void rootRelinkKeepsRelativePaths() {
        Path moved = temp.resolve("moved-images").toAbsolutePath();
        DatasetRoot root = store.read(connection -> new DatasetRootRepository(connection).findAllRoots().get(0));

        store.database.inTransaction(connection -> {
            new DatasetRootRepository(connection).updateRootPath(root.id(), moved);
            return null;
        });

        Optional<DatasetRoot> relinked = store.read(connection -> new DatasetRootRepository(connection)
                .findRootByPath(moved));
        Optional<ImageRecord> image = store.read(connection -> new ImageRepository(connection)
                .findImageByPath(root.id(), "img0.jpg"));
        assertThat(relinked).hasValueSatisfying(found -> assertThat(found.id()).isEqualTo(root.id()));
        assertThat(image).isPresent();
    }
}
