package org.regiontag.db.io;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The known cells of one image, one byte per category index: an immutable map from category index
 * to state. A COCO-sized source has 9.4 million known cells, which take 9.4 MB this way and several
 * hundred MB as map entries (an estimate from the entry objects' sizes).
 */
public final class CellStates extends AbstractMap<Integer, CellState> {

    private static final byte UNKNOWN = 0;
    private static final byte POSITIVE = 1;
    private static final byte NEGATIVE = 2;

    private final byte[] codes;
    private final int known;

    private CellStates(byte[] codes) {
        this.codes = codes;
        int count = 0;
        for (byte code : codes) {
            if (code != UNKNOWN) {
                count++;
            }
        }
        this.known = count;
    }

    /**
     * Returns the cells given as one state per category index, {@code null} for unknown. The array
     * is copied.
     */
    public static CellStates of(CellState[] states) {
        byte[] codes = new byte[states.length];
        for (int i = 0; i < states.length; i++) {
            if (states[i] == CellState.POSITIVE) {
                codes[i] = POSITIVE;
            } else if (states[i] == CellState.NEGATIVE) {
                codes[i] = NEGATIVE;
            }
        }
        return new CellStates(codes);
    }

    /** Returns the number of category indexes covered, known or not. */
    public int width() {
        return codes.length;
    }

    /** Returns the state of a category index, or {@code null} when it is unknown or beyond {@link #width()}. */
    public CellState stateAt(int index) {
        if (index < 0 || index >= codes.length) {
            return null;
        }
        return switch (codes[index]) {
            case POSITIVE -> CellState.POSITIVE;
            case NEGATIVE -> CellState.NEGATIVE;
            default -> null;
        };
    }

    @Override
    public int size() {
        return known;
    }

    @Override
    public CellState get(Object key) {
        return key instanceof Integer index ? stateAt(index) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Map.Entry<Integer, CellState>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return known;
            }

            @Override
            public Iterator<Map.Entry<Integer, CellState>> iterator() {
                return new Iterator<>() {
                    private int next = advance(0);

                    @Override
                    public boolean hasNext() {
                        return next < codes.length;
                    }

                    @Override
                    public Map.Entry<Integer, CellState> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<Integer, CellState> entry = Map.entry(next, stateAt(next));
                        next = advance(next + 1);
                        return entry;
                    }
                };
            }
        };
    }

    private int advance(int from) {
        int index = from;
        while (index < codes.length && codes[index] == UNKNOWN) {
            index++;
        }
        return index;
    }
}
