package org.regiontag.engine.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;

class ModelLocatorTest {

    @TempDir
    Path temp;

    private ModelCache cache;
    private ModelLocator locator;
    private Path checkpoint;

    @BeforeEach
    void setUp() throws IOException {
        cache = new ModelCache(temp.resolve("cache"));
        locator = new ModelLocator(cache, ModelLocatorTest.class.getClassLoader());
        checkpoint = writeCheckpoint(temp.resolve("my-clip"));
    }

    @Test
    void listShowsCatalogueAndDemo() {
        List<ModelListing> listings = locator.list();

        assertThat(listings).extracting(ModelListing::name).containsExactly("clip-vit-base-patch16",
                "clip-vit-base-patch32", "clip-vit-large-patch14", "demo-tiny-clip");
        assertThat(listings.get(0).source()).isEqualTo(ModelListing.Source.HUB);
        assertThat(listings.get(0).origin()).isEqualTo("openai/clip-vit-base-patch16@main");
        assertThat(listings.get(0).status()).isEqualTo(ModelListing.Status.ABSENT);
        assertThat(listings.get(0).bytes()).isEqualTo(-1);
        assertThat(listings.get(0).location()).isEqualTo(cache.modelFolder("clip-vit-base-patch16").toString());
        assertThat(listings.get(3).source()).isEqualTo(ModelListing.Source.EMBEDDED);
        assertThat(listings.get(3).status()).as("no demo model in this module's class path")
                .isEqualTo(ModelListing.Status.ABSENT);
    }

    @Test
    void downloadedModelIsInstalled() throws IOException {
        Path folder = cache.modelFolder("clip-vit-base-patch32");
        for (Map.Entry<String, byte[]> file : HubDownloaderTest.checkpointFiles(1000).entrySet()) {
            Files.createDirectories(folder);
            Files.write(folder.resolve(file.getKey()), file.getValue());
        }

        ModelListing listing = locator.list().get(1);

        assertThat(listing.status()).isEqualTo(ModelListing.Status.INSTALLED);
        assertThat(listing.bytes()).isGreaterThan(1000);
        assertThat(locator.resolve("clip-vit-base-patch32")).isEqualTo(folder);
    }

    @Test
    void interruptedDownloadIsPartial() throws IOException {
        Path part = cache.modelFolder("clip-vit-large-patch14").resolve(".download").resolve("abc.part");
        Files.createDirectories(part.getParent());
        Files.write(part, new byte[1234]);

        assertThat(locator.list().get(2).status()).isEqualTo(ModelListing.Status.PARTIAL);
        assertThat(locator.list().get(2).bytes()).isEqualTo(1234);
        assertThatThrownBy(() -> locator.resolve("clip-vit-large-patch14"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("did not finish; run regiontag model get clip-vit-large-patch14 to resume it");
    }

    @Test
    void absentModelNamesGetCommand() throws IOException {
        // A download that failed before its first byte leaves an empty parts folder and lock file.
        Files.createDirectories(cache.modelFolder("clip-vit-base-patch16").resolve(".download"));
        Files.createFile(cache.modelFolder("clip-vit-base-patch16").resolve(".download").resolve("lock"));

        assertThat(locator.list().get(0).status()).isEqualTo(ModelListing.Status.ABSENT);
        assertThatThrownBy(() -> locator.resolve("clip-vit-base-patch16"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("model clip-vit-base-patch16 is not downloaded; run: regiontag model get clip-vit-base-patch16");
    }

    @Test
    void unknownNameListsChoices() {
        assertThatThrownBy(() -> locator.resolve("clip-vit-huge"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("unknown model 'clip-vit-huge'; expected a model folder or one of clip-vit-base-patch16,"
                        + " clip-vit-base-patch32, clip-vit-large-patch14, demo-tiny-clip");
    }

    @Test
    void folderPathResolvesToItself() {
        assertThat(locator.resolve(checkpoint.toString())).isEqualTo(checkpoint);
    }

    @Test
    void folderWithoutWeightsIsRejected() throws IOException {
        Files.delete(checkpoint.resolve(ModelFiles.WEIGHTS));

        assertThatThrownBy(() -> locator.resolve(checkpoint.toString()))
                .isInstanceOf(UserInputException.class)
                .hasMessage("model folder " + checkpoint + " has no model.safetensors; a checkpoint in the Hugging Face"
                        + " layout needs config.json, model.safetensors and tokenizer.json");
    }

    @Test
    void importRegistersFolderByReference() throws IOException {
        ModelImporter importer = new ModelImporter(locator);

        ModelRegistry.Entry entry = importer.importModel(checkpoint, null, false);

        assertThat(entry.name()).isEqualTo("my-clip");
        assertThat(entry.folder()).isEqualTo(checkpoint);
        assertThat(locator.resolve("my-clip")).isEqualTo(checkpoint);
        assertThat(cache.folder().resolve("my-clip")).as("not copied").doesNotExist();
        ModelListing listing = locator.list().get(4);
        assertThat(listing.name()).isEqualTo("my-clip");
        assertThat(listing.source()).isEqualTo(ModelListing.Source.IMPORTED);
        assertThat(listing.status()).isEqualTo(ModelListing.Status.INSTALLED);
        assertThat(listing.bytes()).isEqualTo(folderSize(checkpoint));
    }

    @Test
    void registryIsReadBackByNewLocator() throws IOException {
        new ModelImporter(locator).importModel(checkpoint, "team-clip", false);

        ModelLocator fresh = new ModelLocator(cache, ModelLocatorTest.class.getClassLoader());

        assertThat(fresh.resolve("team-clip")).isEqualTo(checkpoint);
        assertThat(Files.readString(cache.folder().resolve("registry.json"))).contains("\"team-clip\"");
        try (var files = Files.list(cache.folder())) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("registry.json", "registry.lock");
        }
    }

    @Test
    void movedImportIsMissing() throws IOException {
        new ModelImporter(locator).importModel(checkpoint, "gone", false);
        Files.move(checkpoint, temp.resolve("elsewhere"));

        assertThat(locator.list().get(4).status()).isEqualTo(ModelListing.Status.MISSING);
        assertThatThrownBy(() -> locator.resolve("gone"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("imported model gone was registered from " + checkpoint)
                .hasMessageContaining("--name gone --replace");
    }

    @Test
    void takenNameNeedsReplace() throws IOException {
        ModelImporter importer = new ModelImporter(locator);
        Path other = writeCheckpoint(temp.resolve("other"));
        importer.importModel(checkpoint, "shared", false);

        assertThatThrownBy(() -> importer.importModel(other, "shared", false))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("model name 'shared' is already registered for " + checkpoint);
        importer.importModel(checkpoint, "shared", false);
        importer.importModel(other, "shared", true);

        assertThat(locator.resolve("shared")).isEqualTo(other);
        assertThat(locator.registry().list()).hasSize(1);
    }

    @Test
    void builtInNamesAreReserved() {
        ModelImporter importer = new ModelImporter(locator);

        assertThatThrownBy(() -> importer.importModel(checkpoint, "clip-vit-base-patch16", false))
                .hasMessageContaining("taken by a built-in model");
        assertThatThrownBy(() -> importer.importModel(checkpoint, "demo-tiny-clip", false))
                .hasMessageContaining("taken by a built-in model");
        assertThatThrownBy(() -> importer.importModel(checkpoint, "bad name!", false))
                .hasMessageStartingWith("invalid model name 'bad name!'");
    }

    @Test
    void importRejectsWhatIsNotACheckpoint() throws IOException {
        ModelImporter importer = new ModelImporter(locator);
        Path archive = Files.write(temp.resolve("RN50.pt"), new byte[] {1, 2, 3});
        Path text = Files.writeString(temp.resolve("notes.txt"), "x");

        assertThatThrownBy(() -> importer.importModel(temp.resolve("nothing"), null, false))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> importer.importModel(archive, null, false))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("no tokenizer given and no tokenizer.json beside the archive");
        assertThatThrownBy(() -> importer.importModel(text, null, false))
                .hasMessageContaining("is a file; give the folder");
    }

    @Test
    void invalidConfigIsNamed() throws IOException {
        Files.writeString(checkpoint.resolve(ModelFiles.CONFIG), "{\n  \"projection_dim\": 512,\n  oops\n}");

        assertThatThrownBy(() -> ModelFolderValidator.validate(checkpoint))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(checkpoint.resolve(ModelFiles.CONFIG) + " is not valid JSON at line 3");
    }

    @Test
    void configWithoutClipSectionsIsRejected() throws IOException {
        Files.writeString(checkpoint.resolve(ModelFiles.CONFIG), "{\"model_type\": \"bert\", \"hidden_size\": 768}");

        assertThatThrownBy(() -> ModelFolderValidator.validate(checkpoint))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("has no \"text_config\" object");
    }

    @Test
    void truncatedWeightsAreRejected() throws IOException {
        byte[] weights = Files.readAllBytes(checkpoint.resolve(ModelFiles.WEIGHTS));
        Files.write(checkpoint.resolve(ModelFiles.WEIGHTS), java.util.Arrays.copyOf(weights, 5));
        Path second = writeCheckpoint(temp.resolve("html"));
        Files.writeString(second.resolve(ModelFiles.WEIGHTS), "<html><body>Access denied</body></html>");

        assertThatThrownBy(() -> ModelFolderValidator.validate(checkpoint))
                .hasMessageContaining("has only 5 bytes, too few for a safetensors file");
        assertThatThrownBy(() -> ModelFolderValidator.validate(second))
                .hasMessageContaining("is not a safetensors file");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void unreadableTokenizerIsNamed() throws IOException {
        Path tokenizer = checkpoint.resolve(ModelFiles.TOKENIZER);
        Files.setPosixFilePermissions(tokenizer, PosixFilePermissions.fromString("-w-------"));
        // Root reads any file, so the check only means something for ordinary users.
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(tokenizer), "running as root");

        assertThatThrownBy(() -> ModelFolderValidator.validate(checkpoint))
                .hasMessage(tokenizer + " cannot be read (permission denied); make it readable for your user");
    }

    @Test
    void embeddedModelInJarIsCopiedToCache() throws Exception {
        Path jar = temp.resolve("assets.jar");
        Map<String, byte[]> files = HubDownloaderTest.checkpointFiles(2000);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : ModelFiles.REQUIRED) {
                out.putNextEntry(new JarEntry(EmbeddedModel.RESOURCE_FOLDER + name));
                out.write(files.get(name));
                out.closeEntry();
            }
        }

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            ModelLocator withDemo = new ModelLocator(cache, loader);
            ModelListing demo = withDemo.list().get(3);

            assertThat(demo.status()).isEqualTo(ModelListing.Status.EMBEDDED);
            assertThat(demo.bytes()).isEqualTo(ModelFiles.REQUIRED.stream().mapToLong(name -> files.get(name).length).sum());
            assertThat(demo.location()).startsWith("jar:").endsWith("!/" + EmbeddedModel.RESOURCE_FOLDER);

            Path folder = withDemo.resolve(EmbeddedModel.NAME);
            assertThat(folder).isEqualTo(cache.modelFolder(EmbeddedModel.NAME));
            assertThat(folder.resolve(ModelFiles.WEIGHTS)).hasBinaryContent(files.get(ModelFiles.WEIGHTS));

            Files.write(folder.resolve(ModelFiles.CONFIG), "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(withDemo.resolve(EmbeddedModel.NAME).resolve(ModelFiles.CONFIG)).as("stale copy replaced")
                    .hasBinaryContent(files.get(ModelFiles.CONFIG));
        }
    }

    @Test
    void embeddedModelInFolderIsUsedInPlace() throws Exception {
        Path classes = temp.resolve("classes");
        writeCheckpoint(classes.resolve(EmbeddedModel.RESOURCE_FOLDER));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            ModelLocator withDemo = new ModelLocator(cache, loader);

            assertThat(withDemo.resolve(EmbeddedModel.NAME)).isEqualTo(classes.resolve(EmbeddedModel.RESOURCE_FOLDER));
        }
    }

    @Test
    void absentDemoModelIsExplained() {
        assertThatThrownBy(() -> locator.resolve(EmbeddedModel.NAME))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("the demo model demo-tiny-clip is not bundled with this build");
    }

    static Path writeCheckpoint(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (Map.Entry<String, byte[]> file : HubDownloaderTest.checkpointFiles(4096).entrySet()) {
            try (OutputStream out = Files.newOutputStream(folder.resolve(file.getKey()))) {
                out.write(file.getValue());
            }
        }
        return folder;
    }

    private static long folderSize(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
