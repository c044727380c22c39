package org.regiontag.engine.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.io.AtomicFiles;
import org.regiontag.engine.train.NamedTensor;
import org.regiontag.engine.train.TensorState;
import org.regiontag.engine.train.Tensors;
import org.regiontag.engine.train.TrainingConfig;

/**
 * The folder of a model version under the project's {@code models/} folder:
 * <pre>
 *   models/round-0003-&lt;8 hex&gt;/
 *     version.json            {@link VersionDescriptor}: kind, round, backbone, categories, templates
 *     weights.safetensors     the trainable tensors (float32; none for a zero-shot version)
 *     text.safetensors        text.positive and text.negative: g⁺ and g⁻ after the round, (categories, embedDim)
 *     training-config.json    the {@link TrainingConfig} of the round
 *     metrics.json            the round's metrics ({@link RoundMetrics}), as also stored in the store
 * </pre>
 * The store's {@code model_version.weights_file} is {@code round-0003-<8 hex>/weights.safetensors}.
 * A folder is written under a hidden temporary name and renamed into place when complete, so a
 * reader never sees half a version.
 */
public final class ModelVersionFiles {

    static final String DESCRIPTOR = "version.json";
    static final String WEIGHTS = "weights.safetensors";
    static final String TEXT = "text.safetensors";
    static final String CONFIG = "training-config.json";
    static final String METRICS = "metrics.json";
    static final String POSITIVE = "text.positive";
    static final String NEGATIVE = "text.negative";

    private static final Random FOLDER_NAMES = new Random();

    private ModelVersionFiles() {
    }

    /**
     * Writes a version's folder.
     *
     * @return the weights file relative to {@code modelsFolder}, for the store
     */
    public static String write(Path modelsFolder, VersionContents contents) throws IOException {
        Files.createDirectories(modelsFolder);
        String name = String.format("round-%04d-%s", contents.descriptor().round(), randomSuffix());
        Path target = modelsFolder.resolve(name);
        Path staging = Files.createTempDirectory(modelsFolder, "." + name + ".partial-");
        try {
            Files.writeString(staging.resolve(DESCRIPTOR), contents.descriptor().toJson(), StandardCharsets.UTF_8);
            TensorFiles.write(staging.resolve(WEIGHTS), contents.parameters());
            TensorFiles.write(staging.resolve(TEXT), TensorState.of(List.of(
                    matrix(POSITIVE, contents.positive()), matrix(NEGATIVE, contents.negative()))));
            Files.writeString(staging.resolve(CONFIG), contents.config().toJson(), StandardCharsets.UTF_8);
            Files.writeString(staging.resolve(METRICS), contents.metricsJson(), StandardCharsets.UTF_8);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staging);
        }
        return name + "/" + WEIGHTS;
    }

    /** Replaces the metrics file of a version's folder. */
    public static void writeMetrics(Path modelsFolder, String weightsFile, String metricsJson) throws IOException {
        AtomicFiles.write(folderOf(modelsFolder, weightsFile).resolve(METRICS),
                metricsJson.getBytes(StandardCharsets.UTF_8));
    }

    /** The version's folder. */
    public static Path folderOf(Path modelsFolder, String weightsFile) {
        return modelsFolder.resolve(weightsFile).getParent();
    }

    /** What a version's folder holds; the prototypes are in the store. */
    record FolderContents(VersionDescriptor descriptor, TrainingConfig config, TensorState parameters, float[][] positive,
            float[][] negative) {
    }

    /**
     * Reads a version's folder.
     *
     * @throws UserInputException when a file is missing or invalid, naming it
     */
    static FolderContents read(Path modelsFolder, String weightsFile) {
        Path folder = folderOf(modelsFolder, weightsFile);
        try {
            String source = folder.resolve(DESCRIPTOR).toString();
            VersionDescriptor descriptor = VersionDescriptor.fromJson(
                    Files.readString(folder.resolve(DESCRIPTOR), StandardCharsets.UTF_8), source);
            TrainingConfig config = TrainingConfig.fromJson(
                    Files.readString(folder.resolve(CONFIG), StandardCharsets.UTF_8), folder.resolve(CONFIG).toString());
            TensorState parameters = TensorFiles.read(folder.resolve(WEIGHTS));
            TensorState text = TensorFiles.read(folder.resolve(TEXT));
            float[][] positive = rows(text, POSITIVE, folder.resolve(TEXT), descriptor);
            float[][] negative = rows(text, NEGATIVE, folder.resolve(TEXT), descriptor);
            return new FolderContents(descriptor, config, parameters, positive, negative);
        } catch (NoSuchFileException e) {
            throw new UserInputException(ProjectMessages.format("version.fileMissing", e.getFile(), folder), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[][] rows(TensorState state, String name, Path file, VersionDescriptor descriptor) {
        NamedTensor tensor = state.get(name).orElseThrow(() -> new UserInputException(
                ProjectMessages.format("version.tensorMissing", file, name)));
        long[] shape = tensor.shape();
        int categories = descriptor.categories().size();
        if (shape.length != 2 || shape[0] != categories || shape[1] != descriptor.embedDim()) {
            throw new UserInputException(ProjectMessages.format("version.tensorShape", file, name,
                    java.util.Arrays.toString(shape), categories, descriptor.embedDim()));
        }
        return Tensors.unflatten(tensor.values(), categories, descriptor.embedDim());
    }

    private static NamedTensor matrix(String name, float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        return new NamedTensor(name, new long[] {rows.length, width}, Tensors.flatten(rows));
    }

    /** Deletes a version's folder, as a failed registration does; missing files are ignored. */
    public static void deleteFolder(Path modelsFolder, String weightsFile) {
        deleteTree(folderOf(modelsFolder, weightsFile));
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[4];
        synchronized (FOLDER_NAMES) {
            FOLDER_NAMES.nextBytes(bytes);
        }
        return HexFormat.of().formatHex(bytes);
    }
}
