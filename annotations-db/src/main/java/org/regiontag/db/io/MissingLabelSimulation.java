package org.regiontag.db.io;

import java.nio.charset.StandardCharsets;

/**
 * Simulates missing labels: each known cell is kept independently with probability
 * {@code keepProportion}, and the complete labels are stored as ground truth.
 *
 * <p>Whether a cell is kept depends only on the seed, the image's normalised relative path and the
 * category's name, never on the order of the source, so the same seed keeps the same cells on every
 * run and for every reader of the same data. The draw is
 * {@code u = (h >>> 11) * 2^-53} with
 * {@code h = mix(mix(mix(seed) ^ fnv(path)) ^ fnv(category))}, where {@code fnv} is 64-bit FNV-1a over
 * the UTF-8 bytes and {@code mix} is SplitMix64's finaliser; the cell is kept when {@code u < keepProportion}.
 *
 * @param keepProportion the probability of keeping each cell, in [0, 1]
 * @param seed any value; equal seeds give equal draws
 */
public record MissingLabelSimulation(double keepProportion, long seed) {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    public MissingLabelSimulation {
        if (!(keepProportion >= 0.0 && keepProportion <= 1.0)) {
            throw new IllegalArgumentException("keepProportion must be in [0, 1], got " + keepProportion);
        }
    }

    /** Returns whether the cell of the image at {@code relativePath} and category {@code categoryName} is kept. */
    public boolean keeps(String relativePath, String categoryName) {
        return keeps(imageKey(relativePath), categoryKey(categoryName));
    }

    /** Computes the per-image part of the draw, once per image. */
    long imageKey(String relativePath) {
        return mix(mix(seed) ^ fnv1a64(relativePath));
    }

    /** Computes the per-category part of the draw, once per category. */
    static long categoryKey(String categoryName) {
        return fnv1a64(categoryName);
    }

    boolean keeps(long imageKey, long categoryKey) {
        long hash = mix(imageKey ^ categoryKey);
        double draw = (hash >>> 11) * 0x1.0p-53;
        return draw < keepProportion;
    }

    static long fnv1a64(String text) {
        long hash = FNV_OFFSET_BASIS;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** SplitMix64's output function: a bijection of 64-bit values that mixes every input bit into every output bit. */
    static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
