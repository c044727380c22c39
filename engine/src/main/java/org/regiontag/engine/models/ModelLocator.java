package org.regiontag.engine.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.regiontag.db.UserInputException;

/**
 * Finds the folder of a model named on the command line ({@code --model NAME|DIR}) and lists
 * every model the user has.
 *
 * <p>A value is read as a path when it contains a path separator or is absolute. Otherwise it is
 * looked up, in this order, among the known hub checkpoints, the embedded demo model and the
 * imported models. A bare word that names none of them but is an existing folder is a path too.
 */
public final class ModelLocator {

    /** Name of the folder inside a model's cache folder that contains unfinished downloads. */
    static final String PARTS_FOLDER = ".download";

    private final ModelCache cache;
    private final ModelRegistry registry;
    private final EmbeddedModel embedded;

    public ModelLocator(ModelCache cache, ClassLoader resources) {
        this.cache = cache;
        this.registry = new ModelRegistry(cache);
        this.embedded = new EmbeddedModel(resources);
    }

    /** Returns a locator for the current user: the cache folder from the process environment. */
    public static ModelLocator forUser() {
        return new ModelLocator(ModelCache.fromEnvironment(System::getenv), ModelLocator.class.getClassLoader());
    }

    public ModelCache cache() {
        return cache;
    }

    public ModelRegistry registry() {
        return registry;
    }

    public EmbeddedModel embedded() {
        return embedded;
    }

    /**
     * Returns the folder with a usable checkpoint for a model name or folder.
     *
     * @throws UserInputException naming the problem (unknown name, not downloaded, folder gone,
     *     file missing) and the command that fixes it
     */
    public Path resolve(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new UserInputException(ModelMessages.format("resolve.empty", choices()));
        }
        if (looksLikePath(nameOrPath)) {
            return validatedFolder(Path.of(nameOrPath));
        }

        Optional<KnownModel> known = KnownModels.find(nameOrPath);
        if (known.isPresent()) {
            return downloadedFolder(known.get());
        }
        if (EmbeddedModel.NAME.equals(nameOrPath)) {
            try {
                return embedded.materialize(cache);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Optional<ModelRegistry.Entry> imported = registry.find(nameOrPath);
        if (imported.isPresent()) {
            Path folder = imported.get().folder();
            if (!ModelFolderValidator.hasRequiredFiles(folder)) {
                throw new UserInputException(ModelMessages.format("resolve.importedMissing", nameOrPath, folder));
            }
            return folder;
        }
        if (Files.isDirectory(Path.of(nameOrPath))) {
            return validatedFolder(Path.of(nameOrPath));
        }
        throw new UserInputException(ModelMessages.format("resolve.unknown", nameOrPath, choices()));
    }

    /** Lists the known, embedded and imported models with their state. */
    public List<ModelListing> list() {
        List<ModelListing> listings = new ArrayList<>();
        for (KnownModel model : KnownModels.all()) {
            listings.add(listKnown(model));
        }
        boolean bundled = embedded.isAvailable();
        listings.add(new ModelListing(EmbeddedModel.NAME, ModelListing.Source.EMBEDDED, embedded.location(),
                bundled ? ModelListing.Status.EMBEDDED : ModelListing.Status.ABSENT, bundled ? embedded.size() : -1,
                bundled ? embedded.location() : null, ModelMessages.format("list.demoDescription")));
        for (ModelRegistry.Entry entry : registry.list()) {
            boolean complete = ModelFolderValidator.hasRequiredFiles(entry.folder());
            listings.add(new ModelListing(entry.name(), ModelListing.Source.IMPORTED, entry.folder().toString(),
                    complete ? ModelListing.Status.INSTALLED : ModelListing.Status.MISSING,
                    complete ? folderBytes(entry.folder(), false) : -1, entry.folder().toString(), ""));
        }
        return listings;
    }

    /** Returns whether every file of a known model is in its cache folder. */
    boolean isInstalled(KnownModel model) {
        Path folder = cache.modelFolder(model.name());
        return model.files().stream().allMatch(name -> Files.isRegularFile(folder.resolve(name)));
    }

    private ModelListing listKnown(KnownModel model) {
        Path folder = cache.modelFolder(model.name());
        ModelListing.Status status;
        if (isInstalled(model)) {
            status = ModelListing.Status.INSTALLED;
        } else if (Files.isDirectory(folder) && folderBytes(folder, true) > 0) {
            status = ModelListing.Status.PARTIAL;
        } else {
            status = ModelListing.Status.ABSENT;
        }
        long bytes = status == ModelListing.Status.ABSENT ? -1 : folderBytes(folder, true);
        return new ModelListing(model.name(), ModelListing.Source.HUB, model.repo() + "@" + model.revision(), status,
                bytes, folder.toString(), model.description());
    }

    private Path downloadedFolder(KnownModel model) {
        ModelListing listing = listKnown(model);
        switch (listing.status()) {
            case INSTALLED:
                return cache.modelFolder(model.name());
            case PARTIAL:
                throw new UserInputException(ModelMessages.format("resolve.partial", model.name(), listing.location()));
            default:
                throw new UserInputException(ModelMessages.format("resolve.notDownloaded", model.name()));
        }
    }

    private static Path validatedFolder(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        ModelFolderValidator.validate(absolute);
        return absolute;
    }

    private static boolean looksLikePath(String value) {
        return value.contains("/") || value.contains("\\") || Path.of(value).isAbsolute() || value.startsWith(".");
    }

    private String choices() {
        Stream<String> names = Stream.concat(KnownModels.all().stream().map(KnownModel::name),
                Stream.of(EmbeddedModel.NAME));
        return Stream.concat(names, registry.list().stream().map(ModelRegistry.Entry::name))
                .collect(Collectors.joining(", "));
    }

    /** Sums the sizes of the files in a folder; with {@code deep}, of its sub-folders too. */
    private static long folderBytes(Path folder, boolean deep) {
        try (Stream<Path> files = deep ? Files.walk(folder) : Files.list(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}
