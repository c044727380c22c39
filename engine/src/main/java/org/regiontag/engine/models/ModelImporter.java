package org.regiontag.engine.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.clip.openai.OpenAiArchiveConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Implements {@code regiontag model import PATH}: a checkpoint folder is validated and registered
 * by reference under a name; an OpenAI CLIP archive ({@code RN50.pt}, {@code ViT-B-16.pt}) is
 * converted into RegionTag's OpenAI-names layout inside the model cache and registered there.
 */
public final class ModelImporter {

    /** Names go into folder names and command lines, so they are kept to a portable set. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String ARCHIVE_SUFFIX = ".pt";

    private static final Logger LOG = LoggerFactory.getLogger(ModelImporter.class);

    private final ModelLocator locator;

    public ModelImporter(ModelLocator locator) {
        this.locator = locator;
    }

    /**
     * Validates and registers a model folder, or converts and registers an OpenAI archive with the
     * {@code tokenizer.json} found beside it.
     *
     * @see #importModel(Path, String, boolean, Path)
     */
    public ModelRegistry.Entry importModel(Path source, String name, boolean replace) throws IOException {
        return importModel(source, name, replace, null);
    }

    /**
     * Validates and registers a model folder, or converts and registers an OpenAI archive.
     *
     * @param source a checkpoint folder, or an OpenAI CLIP {@code .pt} archive
     * @param name the name to register, or {@code null} for the folder's name or the archive's
     *     name without {@code .pt}
     * @param replace whether an imported model of the same name may be replaced. For an archive,
     *     it also allows replacing an earlier conversion in the model cache.
     * @param tokenizer for an archive, the Hugging Face {@code tokenizer.json} to put beside the
     *     weights, or {@code null} to use the one beside the archive; must be {@code null} for a folder
     * @throws UserInputException when the source is invalid, the name is taken, or an archive has no tokenizer
     */
    public ModelRegistry.Entry importModel(Path source, String name, boolean replace, Path tokenizer)
            throws IOException {
        Path absolute = source.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw new UserInputException(ModelMessages.format("import.notFound", source));
        }
        if (Files.isRegularFile(absolute)) {
            if (absolute.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ARCHIVE_SUFFIX)) {
                return importArchive(absolute, name, replace, tokenizer);
            }
            throw new UserInputException(ModelMessages.format("import.notFolder", source));
        }
        if (tokenizer != null) {
            throw new UserInputException(ModelMessages.format("import.tokenizerForFolder", source));
        }

        String modelName = name != null ? name : absolute.getFileName().toString();
        checkName(modelName, name == null ? "import.folderNameInvalid" : "import.nameInvalid");
        ModelFolderValidator.validate(absolute);
        return locator.registry().register(modelName, absolute, replace);
    }

    /**
     * Converts an archive into {@code <cache>/<name>/} and registers that folder. The conversion
     * is written beside the target and renamed into place, so a failure leaves the cache as it was.
     */
    private ModelRegistry.Entry importArchive(Path archive, String name, boolean replace, Path tokenizer)
            throws IOException {
        String fileName = archive.getFileName().toString();
        String modelName = name != null ? name : fileName.substring(0, fileName.length() - ARCHIVE_SUFFIX.length());
        checkName(modelName, name == null ? "import.archiveNameInvalid" : "import.nameInvalid");

        Path target = locator.cache().modelFolder(modelName);
        Optional<ModelRegistry.Entry> existing = locator.registry().find(modelName);
        if (!replace && existing.isPresent() && !existing.get().folder().equals(target)) {
            throw new UserInputException(ModelMessages.format("import.nameTaken", modelName, existing.get().folder()));
        }
        if (!replace && Files.exists(target)) {
            throw new UserInputException(ModelMessages.format("import.archiveConverted", archive, target, modelName));
        }
        Path tokenizerFile = tokenizer != null ? tokenizer
                : archive.resolveSibling(OpenAiArchiveConverter.TOKENIZER_FILE);
        if (tokenizer == null && !Files.isRegularFile(tokenizerFile)) {
            throw new UserInputException(ModelMessages.format("import.archiveTokenizer", archive));
        }

        Files.createDirectories(target.getParent());
        Path staging = target.resolveSibling("." + modelName + ".import-" + UUID.randomUUID());
        try {
            OpenAiArchiveConverter.convert(archive, staging, tokenizerFile);
            ModelFolderValidator.validate(staging);
            replaceFolder(staging, target);
        } finally {
            deleteRecursively(staging);
        }
        LOG.info("Imported {} as {} into {}", archive, modelName, target);
        return locator.registry().register(modelName, target, replace);
    }

    /** Moves {@code staging} to {@code target}; an existing target is moved aside first and deleted after. */
    private static void replaceFolder(Path staging, Path target) throws IOException {
        Path previous = null;
        if (Files.exists(target)) {
            previous = target.resolveSibling("." + target.getFileName() + ".replaced-" + UUID.randomUUID());
            Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (previous != null) {
                Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (previous != null) {
            deleteRecursively(previous);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void checkName(String name, String invalidKey) {
        if (!NAME.matcher(name).matches()) {
            throw new UserInputException(ModelMessages.format(invalidKey, name));
        }
        if (KnownModels.find(name).isPresent() || EmbeddedModel.NAME.equals(name)) {
            throw new UserInputException(ModelMessages.format("import.nameReserved", name));
        }
    }
}
