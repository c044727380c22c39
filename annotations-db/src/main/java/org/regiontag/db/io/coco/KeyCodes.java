package org.regiontag.db.io.coco;

import com.fasterxml.jackson.core.JsonLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Small integer codes for the image or category ids that annotations refer to. They let the
 * annotations be kept as pairs of ints until the arrays they refer to have been read, because COCO
 * files list the categories after the annotations. The first annotation that used each id is kept
 * for the error message when that id turns out not to exist.
 */
final class KeyCodes {

    private final Map<String, Integer> codeByKey = new HashMap<>();
    private final List<String> keys = new ArrayList<>();
    private final List<String> firstUsers = new ArrayList<>();
    private final List<JsonLocation> firstLocations = new ArrayList<>();

    /**
     * Returns the code of {@code key}, giving it the next code when it is new; then
     * {@code annotationName} and {@code location} are kept as its first user.
     */
    int codeOf(String key, Supplier<String> annotationName, Supplier<JsonLocation> location) {
        Integer code = codeByKey.get(key);
        if (code != null) {
            return code;
        }
        int next = keys.size();
        codeByKey.put(key, next);
        keys.add(key);
        firstUsers.add(annotationName.get());
        firstLocations.add(location.get());
        return next;
    }

    int size() {
        return keys.size();
    }

    String key(int code) {
        return keys.get(code);
    }

    /** Returns the name of the first annotation that used this code, such as {@code annotations[5] (id 17)}. */
    String firstUser(int code) {
        return firstUsers.get(code);
    }

    JsonLocation firstLocation(int code) {
        return firstLocations.get(code);
    }
}
