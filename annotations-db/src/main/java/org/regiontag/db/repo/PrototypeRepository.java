package org.regiontag.db.repo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code prototype} table. Vectors are stored as float32 little-endian blobs. Create one per
 * transaction with that transaction's connection.
 */
public final class PrototypeRepository {

    private final Connection connection;

    public PrototypeRepository(Connection connection) {
        this.connection = connection;
    }

    /** Inserts prototypes, replacing any with the same version, category, kind and centre, in one batch. */
    public void upsertPrototypes(List<Prototype> prototypes) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO prototype (model_version_id, category_id, kind, centre, dimension, vector)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (model_version_id, category_id, kind, centre)"
                        + " DO UPDATE SET dimension = excluded.dimension, vector = excluded.vector")) {
            for (Prototype prototype : prototypes) {
                float[] vector = prototype.vector();
                upsert.setLong(1, prototype.modelVersionId());
                upsert.setLong(2, prototype.categoryId());
                upsert.setString(3, prototype.kind().storeName());
                upsert.setInt(4, prototype.centre());
                upsert.setInt(5, vector.length);
                upsert.setBytes(6, toBytes(vector));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** The prototypes of one version, by category, kind and centre. */
    public List<Prototype> findPrototypesByVersion(long modelVersionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT model_version_id, category_id, kind, centre, vector FROM prototype"
                        + " WHERE model_version_id = ? ORDER BY category_id, kind, centre")) {
            select.setLong(1, modelVersionId);
            try (ResultSet rows = select.executeQuery()) {
                List<Prototype> prototypes = new ArrayList<>();
                while (rows.next()) {
                    prototypes.add(new Prototype(rows.getLong(1), rows.getLong(2),
                            PrototypeKind.fromStore(rows.getString(3)), rows.getInt(4), toFloats(rows.getBytes(5))));
                }
                return prototypes;
            }
        }
    }

    static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(Float.BYTES * vector.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] toFloats(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
