package org.regiontag.engine.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.regiontag.db.UserInputException;

/**
 * Implements {@code regiontag model import PATH}: a folder in the Hugging Face layout is
 * validated and registered by reference under a name.
 */
public final class ModelImporter {

    /** Names go into folder names and command lines, so they are kept to a portable set. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ModelLocator locator;

    public ModelImporter(ModelLocator locator) {
        this.locator = locator;
    }

    /**
     * Validates and registers a model.
     *
     * @param source a checkpoint folder
     * @param name the name to register, or {@code null} for the folder's name
     * @param replace whether an imported model of the same name may be replaced
     * @throws UserInputException when the source is invalid or the name is taken
     */
    public ModelRegistry.Entry importModel(Path source, String name, boolean replace) throws IOException {
        Path absolute = source.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw new UserInputException(ModelMessages.format("import.notFound", source));
        }
        if (Files.isRegularFile(absolute)) {
            if (absolute.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pt")) {
                // TODO: convert OpenAI .pt archives with OpenAiArchiveConverter into the cache and
                // register the result, once that converter is merged.
                throw new UserInputException(ModelMessages.format("import.ptNotSupported", source));
            }
            throw new UserInputException(ModelMessages.format("import.notFolder", source));
        }

        String modelName = name != null ? name : absolute.getFileName().toString();
        checkName(modelName, name == null);
        ModelFolderValidator.validate(absolute);
        return locator.registry().register(modelName, absolute, replace);
    }

    private static void checkName(String name, boolean fromFolder) {
        if (!NAME.matcher(name).matches()) {
            throw new UserInputException(ModelMessages.format(fromFolder ? "import.folderNameInvalid" : "import.nameInvalid",
                    name));
        }
        if (KnownModels.find(name).isPresent() || EmbeddedModel.NAME.equals(name)) {
            throw new UserInputException(ModelMessages.format("import.nameReserved", name));
        }
    }
}
