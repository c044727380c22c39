package org.regiontag.engine.models;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.io.AtomicFiles;

/**
 * The tiny demo model that ships inside the {@code assets} jar, under
 * {@code org/regiontag/assets/demo-model/}, so that the product runs without a download.
 *
 * <p>Run from class folders, the model is used where it is. Inside a jar, the loader needs real
 * files (the weights are memory-mapped), so {@link #materialize} copies the resources into the
 * model cache and copies them again whenever their content differs from the copy.
 */
public final class EmbeddedModel {

    public static final String NAME = "demo-tiny-clip";
    public static final String RESOURCE_FOLDER = "org/regiontag/assets/demo-model/";

    private final ClassLoader loader;

    public EmbeddedModel(ClassLoader loader) {
        this.loader = loader;
    }

    /** Returns whether every required file of the demo model is on the class path. */
    public boolean isAvailable() {
        return ModelFiles.REQUIRED.stream().allMatch(name -> loader.getResource(RESOURCE_FOLDER + name) != null);
    }

    /** Returns the total size of the bundled files in bytes, or -1 when they are absent or unknown. */
    public long size() {
        long total = 0;
        for (String name : ModelFiles.REQUIRED) {
            URL resource = loader.getResource(RESOURCE_FOLDER + name);
            if (resource == null) {
                return -1;
            }
            try {
                URLConnection connection = resource.openConnection();
                connection.setUseCaches(false);
                long length = connection.getContentLengthLong();
                connection.getInputStream().close();
                if (length < 0) {
                    return -1;
                }
                total += length;
            } catch (IOException e) {
                return -1;
            }
        }
        return total;
    }

    /** Returns where the model is read from: the class-path URL of its config file's folder. */
    public String location() {
        URL config = loader.getResource(RESOURCE_FOLDER + ModelFiles.CONFIG);
        return config == null ? RESOURCE_FOLDER : config.toString().substring(0,
                config.toString().length() - ModelFiles.CONFIG.length());
    }

    /**
     * Returns a folder with the model's files: the resource folder itself when it is a plain
     * folder, else a copy in {@code cache}.
     *
     * @throws UserInputException when the demo model is not bundled with this build
     */
    public Path materialize(ModelCache cache) throws IOException {
        URL config = loader.getResource(RESOURCE_FOLDER + ModelFiles.CONFIG);
        if (config == null || !isAvailable()) {
            throw new UserInputException(ModelMessages.format("embedded.absent", NAME, RESOURCE_FOLDER));
        }
        if ("file".equals(config.getProtocol())) {
            try {
                return Path.of(config.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IOException("invalid class-path URL " + config, e);
            }
        }

        Path folder = cache.modelFolder(NAME);
        Files.createDirectories(folder);
        for (String name : ModelFiles.REQUIRED) {
            URL resource = loader.getResource(RESOURCE_FOLDER + name);
            Path copy = folder.resolve(name);
            if (!Files.isRegularFile(copy) || !Arrays.equals(digest(resource), digest(copy))) {
                AtomicFiles.write(copy, out -> {
                    try (InputStream in = resource.openStream()) {
                        in.transferTo(out);
                    }
                });
            }
        }
        return folder;
    }

    private static byte[] digest(URL resource) throws IOException {
        try (InputStream in = resource.openStream()) {
            return digest(in);
        }
    }

    private static byte[] digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return digest(in);
        }
    }

    private static byte[] digest(InputStream in) throws IOException {
        try {
            DigestInputStream digesting = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"));
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
            return digesting.getMessageDigest().digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
