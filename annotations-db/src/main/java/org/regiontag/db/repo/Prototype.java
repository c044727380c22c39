package org.regiontag.db.repo;

/**
 * A category prototype of a model version.
 *
 * @param modelVersionId the version
 * @param categoryId the category
 * @param kind text or visual
 * @param centre which centre, from 0, when a category has several
 * @param vector the embedding, {@code (embedDim)}
 */
public record Prototype(long modelVersionId, long categoryId, PrototypeKind kind, int centre, float[] vector) {

    public Prototype {
        if (vector.length == 0) {
            throw new IllegalArgumentException("a prototype vector must not be empty");
        }
        vector = vector.clone();
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }
}
