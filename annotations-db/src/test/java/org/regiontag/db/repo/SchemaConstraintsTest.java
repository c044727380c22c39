package org.regiontag.db.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.StoreException;
import org.regiontag.db.StoreFixture;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;

class SchemaConstraintsTest {

    @TempDir
    Path temp;

    private StoreFixture store;

    @BeforeEach
    void createStore() {
        store = StoreFixture.withImagesAndCategories(temp, 2, "cat");
        execute("INSERT INTO label_batch (id, kind, description, actor, created_at) VALUES (1, 'import', 'i', 'a', 't')");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void labelStateOutsideItsValuesIsRejected() {
        assertThatThrownBy(() -> execute("INSERT INTO label VALUES (1, 1, 'maybe', 'imported', 1)"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("CHECK constraint failed");
    }

    @Test
    void labelSourceOutsideItsValuesIsRejected() {
        assertThatThrownBy(() -> execute("INSERT INTO label VALUES (1, 1, 'positive', 'guess', 1)"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("CHECK constraint failed");
    }

    @Test
    void labelOfUnknownImageIsRejected() {
        assertThatThrownBy(() -> execute("INSERT INTO label VALUES (99, 1, 'positive', 'imported', 1)"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("FOREIGN KEY constraint failed");
    }

    @Test
    void labelOfUnknownBatchIsRejected() {
        assertThatThrownBy(() -> execute("INSERT INTO label VALUES (1, 1, 'positive', 'imported', 99)"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("FOREIGN KEY constraint failed");
    }

    @Test
    void negativeCategoryCountIsRejected() {
        assertThatThrownBy(() -> execute("INSERT INTO category_label_count (category_id, positive) VALUES (1, -1)"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("CHECK constraint failed");
    }

    @Test
    void okImageMayNotCarryAReason() {
        assertThatThrownBy(() -> execute("UPDATE image SET status = 'ok' WHERE id = 1"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("CHECK constraint failed");
    }

    @Test
    void labelHistoryIsAppendOnly() {
        new LabelEditor(store.database).setCell(store.image(0), store.category(0), CellState.POSITIVE, "ana", "x");

        assertThatThrownBy(() -> execute("UPDATE label_event SET actor = 'mallory'"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("label_event is append-only");
        assertThatThrownBy(() -> execute("DELETE FROM label_event"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("label_event is append-only");
        assertThat(store.count("label_event")).isEqualTo(1);
    }

    @Test
    void secondPendingSuggestionForACellIsRejected() {
        execute("INSERT INTO model_version (backbone, training_config, weights_file, created_at)"
                + " VALUES ('b', '{}', 'w', 't')");
        execute("INSERT INTO model_version (backbone, training_config, weights_file, created_at)"
                + " VALUES ('b', '{}', 'w', 't')");
        execute("INSERT INTO suggestion (image_id, category_id, model_version_id, probability, proposed_state,"
                + " created_at) VALUES (1, 1, 1, 0.9, 'positive', 't')");

        assertThatThrownBy(() -> execute("INSERT INTO suggestion (image_id, category_id, model_version_id,"
                + " probability, proposed_state, created_at) VALUES (1, 1, 2, 0.9, 'positive', 't')"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("UNIQUE constraint failed");
    }

    @Test
    void trainingConfigMustBeJson() {
        assertThatThrownBy(() -> execute("INSERT INTO model_version (backbone, training_config, weights_file,"
                + " created_at) VALUES ('b', 'steps=10', 'w', 't')"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("CHECK constraint failed");
    }

    @Test
    void prototypeBlobMustMatchItsDimension() {
        execute("INSERT INTO model_version (backbone, training_config, weights_file, created_at)"
                + " VALUES ('b', '{}', 'w', 't')");

        assertThatThrownBy(() -> execute("INSERT INTO prototype (model_version_id, category_id, kind, dimension,"
                + " vector) VALUES (1, 1, 'text', 4, x'00000000')"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("CHECK constraint failed");
    }

    private void execute(String sql) {
        store.database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
            return null;
        });
    }
}
