package org.regiontag.engine.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.ClipModel;
import org.regiontag.engine.clip.resnet.PythonReference;

/** Imports of OpenAI {@code .pt} archives: conversion into the model cache, registration, errors. */
class ModelImporterTest {

    @TempDir
    Path temp;

    private ModelCache cache;
    private ModelLocator locator;
    private ModelImporter importer;

    @BeforeEach
    void setUp() {
        cache = new ModelCache(temp.resolve("cache"));
        locator = new ModelLocator(cache, ModelImporterTest.class.getClassLoader());
        importer = new ModelImporter(locator);
    }

    @Test
    @Tag("python")
    void archiveIsConvertedIntoCacheAndRegistered() throws Exception {
        Path archive = tinyArchive("RN-tiny.pt");
        Path tokenizer = tinyTokenizer(temp.resolve("tokenizer.json"));

        ModelRegistry.Entry entry = importer.importModel(archive, null, false, tokenizer);

        Path folder = cache.modelFolder("RN-tiny");
        assertThat(entry.name()).isEqualTo("RN-tiny");
        assertThat(entry.folder()).isEqualTo(folder.toAbsolutePath().normalize());
        assertThat(folder.resolve(ModelFiles.TOKENIZER)).hasSameBinaryContentAs(tokenizer);
        assertThat(locator.resolve("RN-tiny")).isEqualTo(entry.folder());
        assertNoStagingLeft();
        try (ClipModel clip = ClipModel.load(locator.resolve("RN-tiny"), Device.cpu());
                NDManager manager = Djl.newBaseManager(Device.cpu())) {
            assertThat(clip.config().vision().type()).isEqualTo("resnet");
            assertThat(clip.encodeImage(manager.randomNormal(new Shape(1, 3, 64, 64))).getShape())
                    .isEqualTo(new Shape(1, 24));
        }
    }

    @Test
    @Tag("python")
    void convertedArchiveNeedsReplaceToConvertAgain() throws Exception {
        Path archive = tinyArchive("RN-tiny.pt");
        Path tokenizer = tinyTokenizer(temp.resolve("tokenizer.json"));
        importer.importModel(archive, "tiny", false, tokenizer);

        assertThatThrownBy(() -> importer.importModel(archive, "tiny", false, tokenizer))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("already holds a conversion")
                .hasMessageContaining("--replace");
        ModelRegistry.Entry again = importer.importModel(archive, "tiny", true, tokenizer);

        assertThat(again.folder()).isEqualTo(cache.modelFolder("tiny").toAbsolutePath().normalize());
        assertThat(locator.registry().list()).hasSize(1);
        assertNoStagingLeft();
    }

    @Test
    @Tag("python")
    void tokenizerBesideTheArchiveIsUsed() throws Exception {
        Path archive = tinyArchive("RN-tiny.pt");
        Path beside = tinyTokenizer(archive.resolveSibling("tokenizer.json"));

        ModelRegistry.Entry entry = importer.importModel(archive, null, false);

        assertThat(entry.folder().resolve(ModelFiles.TOKENIZER)).hasSameBinaryContentAs(beside);
    }

    @Test
    void archiveWithoutTokenizerIsRejected() throws IOException {
        Path archive = Files.write(temp.resolve("RN50.pt"), new byte[] {'P', 'K', 3, 4});

        assertThatThrownBy(() -> importer.importModel(archive, null, false, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(archive + ": no tokenizer given and no tokenizer.json beside the archive; give --tokenizer"
                        + " FILE with the Hugging Face tokenizer.json of CLIP's vocabulary (the one of"
                        + " openai/clip-vit-base-patch16 fits every OpenAI CLIP)");
        assertThat(cache.modelFolder("RN50")).doesNotExist();
    }

    @Test
    void damagedArchiveLeavesCacheUnchanged() throws IOException {
        Path archive = Files.write(temp.resolve("RN50.pt"), new byte[] {1, 2, 3});
        Path tokenizer = tinyTokenizer(temp.resolve("tokenizer.json"));

        assertThatThrownBy(() -> importer.importModel(archive, null, false, tokenizer))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(archive + ": not a TorchScript archive");
        assertThat(cache.modelFolder("RN50")).doesNotExist();
        assertThat(locator.registry().list()).isEmpty();
        assertNoStagingLeft();
    }

    @Test
    void tokenizerOptionIsOnlyForArchives() throws IOException {
        Path folder = ModelLocatorTest.writeCheckpoint(temp.resolve("my-clip"));
        Path tokenizer = tinyTokenizer(temp.resolve("tokenizer.json"));

        assertThatThrownBy(() -> importer.importModel(folder, null, false, tokenizer))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("--tokenizer applies only to OpenAI .pt archives");
    }

    @Test
    void archiveNameMustBeValid() throws IOException {
        Path archive = Files.write(temp.resolve("RN 50.pt"), new byte[] {'P', 'K', 3, 4});

        assertThatThrownBy(() -> importer.importModel(archive, null, false, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("the archive name 'RN 50' is not a valid model name");
    }

    /** Writes a tiny OpenAI-style ResNet CLIP archive whose vocabulary matches the tiny tokenizer. */
    private Path tinyArchive(String name) throws Exception {
        Path archive = temp.resolve(name);
        PythonReference.run("archive", "--kind", "resnet", "--half", "--vocab-size", "574", "--out", archive.toString(),
                "--tensors", temp.resolve("archive-tensors.safetensors").toString());
        return archive;
    }

    private static Path tinyTokenizer(Path file) throws IOException {
        try (InputStream in = ModelImporterTest.class.getResourceAsStream(
                "/org/regiontag/engine/clip/tiny-tokenizer.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    private void assertNoStagingLeft() throws IOException {
        if (!Files.isDirectory(cache.folder())) {
            return;
        }
        try (Stream<Path> entries = Files.list(cache.folder())) {
            assertThat(entries.map(path -> path.getFileName().toString()))
                    .noneMatch(entry -> entry.startsWith(".") && !entry.equals(".download"));
        }
    }
}
