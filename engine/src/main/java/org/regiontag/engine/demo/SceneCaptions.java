package org.regiontag.engine.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Captions of scenes, such as "a star, two rings and a small arrow".
 *
 * <p>Objects are named from left to right by centre. Without colours, repeated categories merge
 * into a count ("two rings") and a lone object gets a size word when it is small or large; colour
 * words are left out because they let a caption-matching loss pair images and captions by colour
 * alone. With colours, every object is named on its own ("a red ring and a blue ring").
 */
final class SceneCaptions {

    /** Objects below this size are "small": about a third of the default objects. */
    static final double SMALL_SIZE = 0.18;
    /** Objects above this size are "large": about a fifth of the default objects. */
    static final double LARGE_SIZE = 0.36;

    private static final String[] COUNT_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"};

    private SceneCaptions() {
    }

    /**
     * Describes the objects whose {@code counted} flag is set.
     *
     * @return the caption, or "an empty scene" when no object counts
     */
    static String describe(List<SceneObject> objects, boolean[] counted, boolean withColours) {
        List<SceneObject> named = new ArrayList<>();
        for (int o = 0; o < objects.size(); o++) {
            if (counted[o]) {
                named.add(objects.get(o));
            }
        }
        if (named.isEmpty()) {
            return "an empty scene";
        }
        named.sort(Comparator.comparingDouble(SceneObject::centreX));

        List<String> phrases = new ArrayList<>();
        if (withColours) {
            for (SceneObject object : named) {
                phrases.add(withArticle(sizeWord(object) + object.colour().colourName() + " " + object.category().label()));
            }
        } else {
            Map<SceneCategory, List<SceneObject>> byCategory = new LinkedHashMap<>();
            for (SceneObject object : named) {
                byCategory.computeIfAbsent(object.category(), category -> new ArrayList<>()).add(object);
            }
            for (Map.Entry<SceneCategory, List<SceneObject>> entry : byCategory.entrySet()) {
                List<SceneObject> group = entry.getValue();
                if (group.size() == 1) {
                    phrases.add(withArticle(sizeWord(group.get(0)) + entry.getKey().label()));
                } else {
                    phrases.add(COUNT_WORDS[group.size()] + " " + entry.getKey().plural());
                }
            }
        }
        return join(phrases);
    }

    /** Prefixes "a" or "an" by the first letter of the phrase; enough for the words the captions use. */
    static String withArticle(String phrase) {
        char first = Character.toLowerCase(phrase.charAt(0));
        boolean vowel = first == 'a' || first == 'e' || first == 'i' || first == 'o' || first == 'u';
        return (vowel ? "an " : "a ") + phrase;
    }

    private static String sizeWord(SceneObject object) {
        if (object.size() < SMALL_SIZE) {
            return "small ";
        }
        if (object.size() > LARGE_SIZE) {
            return "large ";
        }
        return "";
    }

    private static String join(List<String> phrases) {
        if (phrases.size() == 1) {
            return phrases.get(0);
        }
        String head = String.join(", ", phrases.subList(0, phrases.size() - 1));
        return head + " and " + phrases.get(phrases.size() - 1);
    }
}
