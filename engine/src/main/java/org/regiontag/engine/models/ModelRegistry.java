package org.regiontag.engine.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.io.AtomicFiles;

/**
 * The models a user imported, registered by reference: {@code registry.json} in the model cache
 * maps each name to the folder it lives in (which is never copied). The file is rewritten
 * atomically under a lock on {@code registry.lock}, so that two processes importing at once both
 * keep their entry.
 */
public final class ModelRegistry {

    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public ModelRegistry(ModelCache cache) {
        this.file = cache.registryFile();
    }

    /**
     * A registered model.
     *
     * @param name its name
     * @param folder the absolute folder it lives in
     * @param imported when it was registered
     */
    public record Entry(String name, Path folder, Instant imported) {
    }

    /** Returns the registered models, sorted by name. */
    public List<Entry> list() {
        try {
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Entry> find(String name) {
        return list().stream().filter(entry -> entry.name().equals(name)).findFirst();
    }

    /**
     * Registers {@code folder} under {@code name}. Registering the same folder again under its
     * name changes nothing but the date.
     *
     * @param replace whether an entry of that name pointing elsewhere may be replaced
     * @throws UserInputException when the name is taken by another folder and {@code replace} is false
     */
    // The file lock is held for the scope of its try block, without being referenced in it.
    @SuppressWarnings("try")
    public Entry register(String name, Path folder, boolean replace) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        Files.createDirectories(file.getParent());
        try (FileChannel lockChannel = FileChannel.open(file.resolveSibling("registry.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockChannel.lock()) {
            List<Entry> entries = new ArrayList<>(read());
            Optional<Entry> existing = entries.stream().filter(entry -> entry.name().equals(name)).findFirst();
            if (existing.isPresent() && !existing.get().folder().equals(absolute) && !replace) {
                throw new UserInputException(ModelMessages.format("import.nameTaken", name, existing.get().folder()));
            }
            existing.ifPresent(entries::remove);
            Entry entry = new Entry(name, absolute, Instant.now());
            entries.add(entry);
            entries.sort(Comparator.comparing(Entry::name));
            write(entries);
            return entry;
        }
    }

    private List<Entry> read() throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (JsonProcessingException e) {
            throw new UserInputException(ModelMessages.format("registry.invalid", file, e.getOriginalMessage()), e);
        }
        List<Entry> entries = new ArrayList<>();
        JsonNode models = root == null ? null : root.get("models");
        if (models == null || !models.isArray()) {
            throw new UserInputException(ModelMessages.format("registry.invalid", file, "no \"models\" list"));
        }
        for (JsonNode model : models) {
            String name = model.path("name").asText("");
            String folder = model.path("folder").asText("");
            if (name.isEmpty() || folder.isEmpty()) {
                throw new UserInputException(ModelMessages.format("registry.invalid", file,
                        "an entry lacks \"name\" or \"folder\""));
            }
            Instant imported;
            try {
                imported = Instant.parse(model.path("imported").asText());
            } catch (DateTimeParseException e) {
                imported = Instant.EPOCH;
            }
            entries.add(new Entry(name, Path.of(folder), imported));
        }
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }

    private void write(List<Entry> entries) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode models = root.putArray("models");
        for (Entry entry : entries) {
            models.addObject()
                    .put("name", entry.name())
                    .put("folder", entry.folder().toString())
                    .put("imported", entry.imported().toString());
        }
        AtomicFiles.write(file, JSON.writeValueAsBytes(root));
    }
}
