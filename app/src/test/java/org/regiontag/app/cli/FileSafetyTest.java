package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.repo.ImageRepository;

/** Imports never reach files outside the dataset root, and commands write only to the folders the user names. */
class FileSafetyTest {

    /** Paths that point outside the images folder, as a careless or hostile annotation file may hold them. */
    private static final List<String> OUTSIDE = List.of("../secret.jpg", "../../etc/passwd", "/etc/passwd",
            "..\\..\\x.jpg", "sub\\..\\..\\secret.jpg", "sub/../../secret.jpg");

    @TempDir
    Path temp;

    @Test
    void csvPathsOutsideRootAreSkipped() throws Exception {
        Path images = imagesWithSecretBeside();
        StringBuilder csv = new StringBuilder("image,cat\na.jpg,1\n");
        List<String> outside = new ArrayList<>(OUTSIDE);
        outside.add(temp.resolve("data/secret.jpg").toString());
        for (String path : outside) {
            csv.append('"').append(path).append("\",1\n");
        }
        Path source = Files.writeString(temp.resolve("labels.csv"), csv);

        CliRun run = importInto(temp.resolve("project"), "csv", source, images);

        assertSkippedAndListed(run, outside);
        assertOnlyImageIs(temp.resolve("project"), "a.jpg");
    }

    @Test
    void cocoPathsOutsideRootAreSkipped() throws Exception {
        Path images = imagesWithSecretBeside();
        List<String> outside = new ArrayList<>(OUTSIDE);
        outside.add(temp.resolve("data/secret.jpg").toString());
        List<Map<String, Object>> imageEntries = new ArrayList<>();
        List<Map<String, Object>> annotations = new ArrayList<>();
        imageEntries.add(Map.of("id", 1, "file_name", "a.jpg"));
        annotations.add(Map.of("id", 1, "image_id", 1, "category_id", 1));
        for (int i = 0; i < outside.size(); i++) {
            imageEntries.add(Map.of("id", i + 2, "file_name", outside.get(i)));
            annotations.add(Map.of("id", i + 2, "image_id", i + 2, "category_id", 1));
        }
        Path source = temp.resolve("instances.json");
        new ObjectMapper().writeValue(source.toFile(), Map.of("images", imageEntries, "annotations", annotations,
                "categories", List.of(Map.of("id", 1, "name", "cat"))));

        CliRun run = importInto(temp.resolve("project"), "coco", source, images);

        assertSkippedAndListed(run, outside);
        assertOnlyImageIs(temp.resolve("project"), "a.jpg");
    }

    /**
     * Runs init, import and export as separate processes with their own home and temporary folders,
     * and compares every file under the test's folder before and after: only the project folder
     * and the export target may change.
     */
    @Test
    void commandsWriteOnlyTheirTargets() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        Path workingFolder = Files.createDirectories(temp.resolve("cwd"));
        Path images = imagesWithSecretBeside();
        Path source = Files.writeString(temp.resolve("data/labels.csv"), "image,cat,dog\na.jpg,1,-1\n");
        Path project = temp.resolve("project");
        Path target = temp.resolve("out/labels.csv");
        Map<String, String> before = snapshot(temp);

        List<String> outputs = new ArrayList<>();
        outputs.add(runProcess(home, tmp, workingFolder, "init", project.toString()));
        outputs.add(runProcess(home, tmp, workingFolder, "import", project.toString(), "--format", "csv", "--source",
                source.toString(), "--images", images.toString()));
        outputs.add(runProcess(home, tmp, workingFolder, "export", project.toString(), "--format", "csv", "--out",
                target.toString()));
        Map<String, String> after = snapshot(temp);

        assertThat(outputs.get(1)).contains("images: 1 added");
        assertThat(target).isRegularFile();
        List<String> changed = new ArrayList<>();
        for (String path : union(before, after)) {
            if (!String.valueOf(before.get(path)).equals(String.valueOf(after.get(path)))) {
                changed.add(path);
            }
        }
        assertThat(changed).isNotEmpty().allMatch(path -> path.equals("project") || path.startsWith("project/")
                || path.equals("out") || path.equals("out/labels.csv"), "inside the project or the export target");
        assertThat(after).containsEntry("home", "folder").containsEntry("tmp", "folder")
                .containsEntry("cwd", "folder");
    }

    private Path imagesWithSecretBeside() throws IOException {
        Path images = Files.createDirectories(temp.resolve("data/images"));
        png(images.resolve("a.jpg"));
        png(temp.resolve("data/secret.jpg"));
        return images;
    }

    private static CliRun importInto(Path project, String format, Path source, Path images) {
        assertThat(CliRun.of("init", project.toString()).status()).isZero();
        CliRun run = CliRun.of("import", project.toString(), "--format", format, "--source", source.toString(),
                "--images", images.toString());
        assertThat(run.status()).as(run.err()).isZero();
        return run;
    }

    private static void assertSkippedAndListed(CliRun run, List<String> outside) {
        assertThat(run.out()).contains("images: 1 added", "skipped entries: " + outside.size());
        for (String path : outside) {
            assertThat(run.out()).as("listed: %s", path).contains("    " + path + ": ");
        }
    }

    private static void assertOnlyImageIs(Path folder, String path) {
        try (Project project = Project.open(folder)) {
            List<String> paths = new ArrayList<>();
            project.database().read(connection -> {
                new ImageRepository(connection).forEachImage(image -> paths.add(image.path()));
                return null;
            });
            assertThat(paths).containsExactly(path);
        }
    }

    /** Runs the command line in a new JVM with the given home, temporary and working folders; returns its output. */
    private static String runProcess(Path home, Path tmp, Path workingFolder, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-Duser.home=" + home, "-Djava.io.tmpdir=" + tmp, "-Dai.djl.offline=true",
                "-DOPT_OUT_TRACKING=true", "-cp", System.getProperty("java.class.path"), "org.regiontag.app.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingFolder.toFile()).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("TMPDIR", tmp.toString());
        builder.environment().put("OPT_OUT_TRACKING", "true");
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished: %s", String.join(" ", args)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** Maps every path under {@code root} (relative, '/'-separated) to "folder" or its size and SHA-256. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(path -> !path.equals(root)).toList()) {
                String name = root.relativize(path).toString().replace(File.separatorChar, '/');
                entries.put(name, Files.isDirectory(path) ? "folder" : Files.size(path) + " " + sha256(path));
            }
        }
        return entries;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> union(Map<String, String> first, Map<String, String> second) {
        TreeMap<String, String> all = new TreeMap<>(first);
        all.putAll(second);
        return new ArrayList<>(all.keySet());
    }

    private static void png(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0x00ff00);
        ImageIO.write(image, "png", file.toFile());
    }
}
