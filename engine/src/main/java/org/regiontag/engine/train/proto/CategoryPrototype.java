package org.regiontag.engine.train.proto;

import java.util.Arrays;

/**
 * The prototypes of one category, as saved with a model version.
 *
 * @param category the category's index (its column in the label matrix)
 * @param visual the visual prototype v_c, embedDim values; empty while no known positive has been seen
 * @param text the text prototype, the normalised learned positive prompt embedding g⁺_c
 * @param updates how many training steps have updated the visual prototype
 */
public record CategoryPrototype(int category, float[] visual, float[] text, long updates) {

    public CategoryPrototype {
        visual = visual.clone();
        text = text.clone();
        if (visual.length != 0 && visual.length != text.length) {
            throw new IllegalArgumentException("category " + category + ": visual prototype of " + visual.length
                    + " values and text prototype of " + text.length);
        }
    }

    @Override
    public float[] visual() {
        return visual.clone();
    }

    @Override
    public float[] text() {
        return text.clone();
    }

    /** Returns whether a visual prototype exists yet. */
    public boolean hasVisual() {
        return visual.length > 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CategoryPrototype prototype && prototype.category == category
                && prototype.updates == updates && Arrays.equals(prototype.visual, visual)
                && Arrays.equals(prototype.text, text);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * category + Long.hashCode(updates)) + Arrays.hashCode(visual)) + Arrays.hashCode(text);
    }

    @Override
    public String toString() {
        return "CategoryPrototype[" + category + ", visual=" + hasVisual() + ", updates=" + updates + "]";
    }
}
