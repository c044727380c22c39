package org.regiontag.db.io.yolo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.formats.TextFiles;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads YOLO class names: a text file with one name per line ({@code classes.txt},
 * {@code obj.names}), or a data YAML ({@code data.yaml}) whose {@code names} is a list or a map
 * from class index to name.
 *
 * <p>Names keep their inner spaces; surrounding whitespace and trailing empty lines are dropped.
 * The YAML is read with the YAML 1.2 core schema, so names such as {@code no} or {@code on} stay
 * text. Besides {@code names}, a YAML may give {@code nc} (checked against the names),
 * {@code path} (the dataset root, relative to the YAML's folder) and {@code train}, {@code val},
 * {@code test} (image folders or image lists, one entry or a list of them).
 */
final class YoloNames {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.yolo.messages", YoloNames.class);

    /** The names files looked for in a dataset folder, in this order. */
    static final List<String> NAMES_FILES = List.of("data.yaml", "dataset.yaml", "data.yml", "dataset.yml",
            "classes.txt", "obj.names", "classes.names");

    private YoloNames() {
    }

    /**
     * Finds the names file of a dataset folder: the first of {@link #NAMES_FILES}, else the only
     * {@code .yaml} or {@code .yml} file, else the only {@code .names} file; {@code null} when none.
     */
    static Path find(Path folder) {
        for (String name : NAMES_FILES) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        List<Path> yamls = new ArrayList<>();
        List<Path> names = new ArrayList<>();
        for (Path file : TextFiles.listFiles(folder)) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                yamls.add(file);
            } else if (name.endsWith(".names")) {
                names.add(file);
            }
        }
        if (yamls.size() == 1) {
            return yamls.get(0);
        }
        return names.size() == 1 ? names.get(0) : null;
    }

    /** Reads a names file or data YAML, choosing by its extension. */
    static YoloDataConfig read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return readYaml(file);
        }
        Path folder = file.toAbsolutePath().getParent();
        return new YoloDataConfig(file, readNamesFile(file), folder, Map.of(), List.of());
    }

    private static List<String> readNamesFile(Path file) {
        List<String> lines = new ArrayList<>(TextFiles.readLines(file));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw new UserInputException(MESSAGES.format("names.empty", file));
        }

        List<String> names = new ArrayList<>(lines.size());
        Map<String, Integer> lineByName = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).strip();
            String at = file + ":" + (i + 1);
            if (name.isEmpty()) {
                throw new UserInputException(MESSAGES.format("names.blankLine", at));
            }
            Integer earlier = lineByName.putIfAbsent(name, i + 1);
            if (earlier != null) {
                throw new UserInputException(MESSAGES.format("names.duplicate", at, name, earlier));
            }
            names.add(name);
        }
        return names;
    }

    private static YoloDataConfig readYaml(Path file) {
        Object document;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(50).build();
            document = new Load(settings).loadFromString(TextFiles.readString(file));
        } catch (MarkedYamlEngineException e) {
            String at = e.getProblemMark().map(mark -> file + ":" + (mark.getLine() + 1)).orElse(file.toString());
            throw new UserInputException(MESSAGES.format("yaml.invalid", at, oneLine(e.getProblem())), e);
        } catch (YamlEngineException e) {
            throw new UserInputException(MESSAGES.format("yaml.invalid", file, oneLine(e.getMessage())), e);
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new UserInputException(MESSAGES.format("yaml.notMapping", file));
        }

        List<String> names = yamlNames(file, map.get("names"));
        Object count = map.get("nc");
        if (count != null && !String.valueOf(count).equals(String.valueOf(names.size()))) {
            throw new UserInputException(MESSAGES.format("yaml.countMismatch", file, String.valueOf(count), names.size()));
        }

        Path folder = file.toAbsolutePath().getParent();
        Path root = folder;
        List<String> notes = new ArrayList<>();
        if (map.get("path") instanceof String path && !path.isBlank()) {
            Path stated = folder.resolve(path.strip()).normalize();
            if (Files.isDirectory(stated)) {
                root = stated;
            } else {
                notes.add(MESSAGES.format("note.pathNotFound", path.strip(), folder));
            }
        }

        Map<Split, List<String>> entries = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            List<String> splitEntries = yamlEntries(file, split.storeName(), map.get(split.storeName()));
            if (!splitEntries.isEmpty()) {
                entries.put(split, splitEntries);
            }
        }
        return new YoloDataConfig(file, names, root, entries, notes);
    }

    private static List<String> yamlNames(Path file, Object names) {
        if (names instanceof List<?> list) {
            List<String> result = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                result.add(yamlName(file, i, list.get(i), result));
            }
            if (result.isEmpty()) {
                throw new UserInputException(MESSAGES.format("names.empty", file));
            }
            return result;
        }
        if (names instanceof Map<?, ?> map) {
            Map<Integer, Object> byIndex = new TreeMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                int index;
                try {
                    index = Integer.parseInt(String.valueOf(entry.getKey()).strip());
                } catch (NumberFormatException e) {
                    throw new UserInputException(MESSAGES.format("yaml.badIndex", file, String.valueOf(entry.getKey())), e);
                }
                byIndex.put(index, entry.getValue());
            }
            List<String> result = new ArrayList<>(byIndex.size());
            for (Map.Entry<Integer, Object> entry : byIndex.entrySet()) {
                if (entry.getKey() != result.size()) {
                    throw new UserInputException(MESSAGES.format("yaml.indexGap", file, result.size(), byIndex.size() - 1));
                }
                result.add(yamlName(file, entry.getKey(), entry.getValue(), result));
            }
            if (result.isEmpty()) {
                throw new UserInputException(MESSAGES.format("names.empty", file));
            }
            return result;
        }
        throw new UserInputException(MESSAGES.format("yaml.noNames", file));
    }

    private static String yamlName(Path file, int index, Object value, List<String> earlier) {
        String name = value == null ? "" : String.valueOf(value).strip();
        if (name.isEmpty() || value instanceof Map || value instanceof List) {
            throw new UserInputException(MESSAGES.format("yaml.badName", file, index));
        }
        int earlierIndex = earlier.indexOf(name);
        if (earlierIndex >= 0) {
            throw new UserInputException(MESSAGES.format("yaml.duplicateName", file, index, name, earlierIndex));
        }
        return name;
    }

    /** Reads a {@code train}, {@code val} or {@code test} value: absent, one path, or a list of paths. */
    private static List<String> yamlEntries(Path file, String key, Object value) {
        List<String> entries = new ArrayList<>();
        if (value instanceof String entry && !entry.isBlank()) {
            entries.add(entry.strip());
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String entry) || entry.isBlank()) {
                    throw new UserInputException(MESSAGES.format("yaml.badEntry", file, key));
                }
                entries.add(entry.strip());
            }
        } else if (value != null && !(value instanceof String)) {
            throw new UserInputException(MESSAGES.format("yaml.badEntry", file, key));
        }
        return entries;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
