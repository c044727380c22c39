package org.regiontag.db.io.voc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The category list of a VOC-format source and which categories its annotators were asked about.
 *
 * <p>When any class name is one of the 20 VOC classes, the list is the 20 classes in the
 * standard VOC order followed by the other names sorted, and only the 20 VOC classes are
 * exhaustive: an annotated image without an object of a VOC class is negative for it, while
 * the added names stay unknown where absent, because VOC's annotators were not asked about them.
 * A source with no VOC class (a custom dataset in VOC format) lists its names sorted, and all of
 * them are exhaustive.
 */
final class VocCategories {

    /** The 20 Pascal VOC classes in the order of the VOC development kit. */
    static final List<String> VOC_CLASSES = List.of(
            "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
            "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train",
            "tvmonitor");

    private static final Map<String, String> VOC_BY_LOWER_CASE = new HashMap<>();

    static {
        for (String name : VOC_CLASSES) {
            VOC_BY_LOWER_CASE.put(name, name);
        }
    }

    private final List<String> names;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final boolean[] exhaustive;
    private final int extraCount;
    private final boolean voc;

    private VocCategories(List<String> names, int exhaustiveUpTo, int extraCount, boolean voc) {
        this.names = List.copyOf(names);
        this.voc = voc;
        this.exhaustive = new boolean[names.size()];
        for (int i = 0; i < names.size(); i++) {
            indexByName.put(names.get(i), i);
            exhaustive[i] = i < exhaustiveUpTo;
        }
        this.extraCount = extraCount;
    }

    /** Builds the list from the class names found in the source (any case, already trimmed). */
    static VocCategories of(Collection<String> foundNames) {
        Set<String> canonical = new LinkedHashSet<>();
        for (String name : foundNames) {
            canonical.add(canonicalName(name));
        }
        boolean hasVocClass = canonical.stream().anyMatch(VOC_BY_LOWER_CASE::containsKey);
        Set<String> extras = new TreeSet<>(canonical);
        extras.removeAll(VOC_CLASSES);

        List<String> names = new ArrayList<>();
        if (hasVocClass) {
            names.addAll(VOC_CLASSES);
            names.addAll(extras);
            return new VocCategories(names, VOC_CLASSES.size(), extras.size(), true);
        }
        names.addAll(extras);
        return new VocCategories(names, names.size(), 0, false);
    }

    /**
     * Builds the list for classification lists, from the classes that have a list: VOC classes in
     * the development kit's order, then the other names sorted. A class without a list gives no
     * cell of any image, so it is not added.
     */
    static VocCategories ofListedClasses(Collection<String> foundNames) {
        Set<String> canonical = new LinkedHashSet<>();
        for (String name : foundNames) {
            canonical.add(canonicalName(name));
        }
        List<String> names = new ArrayList<>();
        for (String vocClass : VOC_CLASSES) {
            if (canonical.contains(vocClass)) {
                names.add(vocClass);
            }
        }
        Set<String> extras = new TreeSet<>(canonical);
        extras.removeAll(VOC_CLASSES);
        names.addAll(extras);
        return new VocCategories(names, names.size(), 0, false);
    }

    /** Returns the VOC spelling of a VOC class written in any case, or the name itself for other classes. */
    static String canonicalName(String name) {
        return VOC_BY_LOWER_CASE.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }

    List<String> names() {
        return names;
    }

    int size() {
        return names.size();
    }

    /** Returns the index of a class name as found in the source (any case for VOC classes). */
    int indexOf(String foundName) {
        return indexByName.get(canonicalName(foundName));
    }

    /** Returns whether an annotated image without this category is negative for it (else unknown). */
    boolean isExhaustive(int index) {
        return exhaustive[index];
    }

    /** Returns the number of names that are not VOC classes but were added after the 20 VOC classes. */
    int extraCount() {
        return extraCount;
    }

    /** Returns whether the list starts with the 20 VOC classes. */
    boolean isVoc() {
        return voc;
    }
}
