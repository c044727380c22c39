package org.regiontag.engine.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetCategory;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.EtaEstimator;
import org.regiontag.engine.job.JobCancelledException;
import org.regiontag.engine.job.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a demo dataset of generated scenes to a folder, or describes one as a
 * {@link ParsedDataset} without writing files.
 *
 * <p>Layout of the folder:
 * <pre>
 * train/scene-000000.jpg ...   training images
 * test/scene-000000.jpg ...    test images
 * train.csv, test.csv          wide label files: image,circle,square,... with 1 (present) or -1 (absent)
 * captions.csv                 image,caption,caption_with_colours
 * scenes.csv                   image,split,seed,index: regenerates any image's scene, labels and masks
 * </pre>
 * Image paths in the files are relative to the folder. Training image {@code i} is scene
 * {@code (seed, i)} and test image {@code i} is scene {@code (seed, 2^32 + i)}, so the test
 * images do not change with the number of training images. A model pretrained on these scenes
 * must use another seed, or its training images reappear in the demo.
 *
 * <p>Images are JPEG at quality 0.95: about 16 KB at 224 px against 82 KB as PNG, because the
 * grain and noise of the backgrounds do not compress losslessly. The mean coding error stays
 * below 3 grey levels, and labels and masks come from geometry, not from pixels. Real datasets
 * are mostly JPEG too, so the demo reads images the way real projects do.
 */
public final class DemoDataset {

    /** Scene index of the first test image; training images use the indices below it. */
    public static final long TEST_INDEX_OFFSET = 1L << 32;
    /** Smallest image side in pixels: at 32 px the smallest objects are only 3 to 4 pixels wide. */
    public static final int MIN_IMAGE_SIZE = 32;
    /** Largest image side in pixels, to keep the files of a demo modest. */
    public static final int MAX_IMAGE_SIZE = 1024;
    /** The reader format name in {@link ParsedDataset#format()}. */
    public static final String FORMAT = "demo";

    static final String SCENES_FILE = "scenes.csv";
    static final String CAPTIONS_FILE = "captions.csv";
    private static final float JPEG_QUALITY = 0.95f;
    private static final String PHASE = "demo-images";
    /** Longest wait for writer threads to finish their current image, far above the milliseconds one takes. */
    private static final long WRITER_STOP_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(DemoDataset.class);
    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.engine.demo.messages",
            DemoDataset.class);

    private DemoDataset() {
    }

    /**
     * Writes a demo dataset with the default generator; see {@link #write(Path, int, int, long,
     * int, SceneGenerator, ProgressListener, CancellationToken)}.
     */
    public static ParsedDataset write(Path dir, int trainCount, int testCount, long seed, int imageSize) {
        return write(dir, trainCount, testCount, seed, imageSize, new SceneGenerator(), ProgressListener.NONE,
                new CancellationToken());
    }

    /**
     * Writes a demo dataset to {@code dir}, which must be absent or empty. Everything is written to
     * a hidden sibling folder first and moved into place at the end, so {@code dir} either contains
     * the complete dataset or is left as it was, also when the job fails or is cancelled.
     *
     * @return the dataset as the store imports it: every cell known, images relative to {@code dir}
     * @throws UserInputException when a count, the size or the folder is invalid, or writing fails
     * @throws JobCancelledException when the token was set
     */
    public static ParsedDataset write(Path dir, int trainCount, int testCount, long seed, int imageSize,
            SceneGenerator generator, ProgressListener listener, CancellationToken token) {
        validate(trainCount, testCount, imageSize);
        Path target = dir.toAbsolutePath().normalize();
        checkTarget(target);

        Path staging;
        try {
            Files.createDirectories(target.getParent());
            staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial-");
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("demo.dir.failed", target, e.getMessage()), e);
        }

        boolean done = false;
        try {
            List<Entry> entries = writeImages(staging, trainCount, testCount, seed, imageSize, generator, listener,
                    token);
            writeLabelFiles(staging, entries);
            moveIntoPlace(staging, target);
            done = true;
            LOG.info("Wrote {} demo images of {} px from seed {} to {}", entries.size(), imageSize, seed, target);
            return parsedDataset(target, entries, trainCount, testCount, seed, imageSize);
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("demo.dir.failed", target, e.getMessage()), e);
        } finally {
            if (!done) {
                deleteQuietly(staging);
            }
        }
    }

    /**
     * Describes the dataset that {@link #write} would write to {@code dir}, without rendering or
     * writing anything: the way to put the demo into a project without going through files.
     */
    public static ParsedDataset describe(Path dir, int trainCount, int testCount, long seed, int imageSize,
            SceneGenerator generator) {
        validate(trainCount, testCount, imageSize);
        List<Entry> entries = new ArrayList<>();
        for (Split split : List.of(Split.TRAIN, Split.TEST)) {
            int count = split == Split.TRAIN ? trainCount : testCount;
            for (int i = 0; i < count; i++) {
                Scene scene = generator.generate(seed, sceneIndex(split, i));
                entries.add(new Entry(new Slot(split, i), generator.labels(scene)));
            }
        }
        return parsedDataset(dir.toAbsolutePath().normalize(), entries, trainCount, testCount, seed, imageSize);
    }

    /** Returns the scene index of image {@code i} of a split; the demo has only training and test splits. */
    public static long sceneIndex(Split split, int i) {
        switch (split) {
            case TRAIN:
                return i;
            case TEST:
                return TEST_INDEX_OFFSET + i;
            default:
                throw new IllegalArgumentException("the demo dataset has no " + split.storeName() + " split");
        }
    }

    /** Returns the path of image {@code i} of a split relative to the dataset folder, such as {@code test/scene-000012.jpg}. */
    public static String imagePath(Split split, int i) {
        return split.storeName() + "/" + String.format(Locale.ROOT, "scene-%06d.jpg", i);
    }

    /**
     * Reads {@code scenes.csv} of a written demo dataset: for each image its split and the
     * {@code (seed, index)} that regenerates its scene, so that evaluations can use the masks.
     *
     * @return the scene of each image path, in file order
     * @throws UserInputException when the file is missing or a line is malformed, naming the line
     */
    public static Map<String, DemoImage> readScenes(Path dir) {
        Path file = dir.resolve(SCENES_FILE);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserInputException(MESSAGES.format("demo.manifest.missing", file), e);
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("demo.dir.failed", file, e.getMessage()), e);
        }
        if (lines.isEmpty() || !lines.get(0).equals("image,split,seed,index")) {
            throw new UserInputException(MESSAGES.format("demo.manifest.header", file,
                    lines.isEmpty() ? "" : lines.get(0)));
        }

        Map<String, DemoImage> scenes = new LinkedHashMap<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            int lineNumber = n + 1;
            if (fields.length != 4) {
                throw new UserInputException(MESSAGES.format("demo.manifest.fields", file, lineNumber, fields.length));
            }
            Split split;
            try {
                split = Split.parse(fields[1]);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(MESSAGES.format("demo.manifest.value", file, lineNumber, "split",
                        fields[1], "expected train or test"), e);
            }
            long seed = parseLong(fields[2], "seed", file, lineNumber);
            long index = parseLong(fields[3], "index", file, lineNumber);
            scenes.put(fields[0], new DemoImage(fields[0], split, seed, index));
        }
        return scenes;
    }

    /**
     * One image of a written demo dataset.
     *
     * @param image the path relative to the dataset folder
     * @param split its split
     * @param seed the seed of its scene
     * @param index the index of its scene
     */
    public record DemoImage(String image, Split split, long seed, long index) {

        /** Regenerates the image's scene. */
        public Scene scene(SceneGenerator generator) {
            return generator.generate(seed, index);
        }
    }

    /** Image {@code number} of {@code split}. */
    private record Slot(Split split, int number) {

        String path() {
            return imagePath(split, number);
        }
    }

    /** A written (or described) image and the labels of its scene. */
    private record Entry(Slot slot, SceneLabels labels) {

        Split split() {
            return slot.split();
        }

        String path() {
            return slot.path();
        }
    }

    private static List<Entry> writeImages(Path staging, int trainCount, int testCount, long seed, int imageSize,
            SceneGenerator generator, ProgressListener listener, CancellationToken token) throws IOException {
        Files.createDirectories(staging.resolve(Split.TRAIN.storeName()));
        Files.createDirectories(staging.resolve(Split.TEST.storeName()));

        List<Slot> planned = new ArrayList<>();
        for (int i = 0; i < trainCount; i++) {
            planned.add(new Slot(Split.TRAIN, i));
        }
        for (int i = 0; i < testCount; i++) {
            planned.add(new Slot(Split.TEST, i));
        }

        EtaEstimator eta = new EtaEstimator(PHASE, planned.size());
        listener.onProgress(eta.progress(0));
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "demo-dataset-writer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Entry>> futures = new ArrayList<>();
            for (Slot slot : planned) {
                futures.add(executor.submit(() -> writeImage(staging, slot, seed, imageSize, generator, token)));
            }
            List<Entry> written = new ArrayList<>();
            for (Future<Entry> future : futures) {
                token.throwIfCancelled();
                written.add(await(future));
                listener.onProgress(eta.progress(written.size()));
            }
            return written;
        } finally {
            stopWriters(executor);
        }
    }

    /**
     * Stops the writer threads and waits for them, so that none writes into the staging folder
     * after the caller starts deleting it. Each task checks the token before it starts, and a
     * running one finishes one image.
     */
    private static void stopWriters(ExecutorService executor) {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(WRITER_STOP_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Demo image writers still running after {} s", WRITER_STOP_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Entry writeImage(Path staging, Slot slot, long seed, int imageSize, SceneGenerator generator,
            CancellationToken token) throws IOException {
        token.throwIfCancelled();
        Scene scene = generator.generate(seed, sceneIndex(slot.split(), slot.number()));
        SceneLabels labels = generator.labels(scene);
        writeJpeg(generator.render(scene, imageSize), staging.resolve(slot.path()));
        return new Entry(slot, labels);
    }

    private static Entry await(Future<Entry> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException("writing a demo image failed", cause);
        }
    }

    private static void writeJpeg(BufferedImage image, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (OutputStream out = Files.newOutputStream(file);
                ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    private static void writeLabelFiles(Path staging, List<Entry> entries) throws IOException {
        String header = "image," + String.join(",", SceneGenerator.categories());
        try (Writer train = Files.newBufferedWriter(staging.resolve("train.csv"), StandardCharsets.UTF_8);
                Writer test = Files.newBufferedWriter(staging.resolve("test.csv"), StandardCharsets.UTF_8);
                Writer captions = Files.newBufferedWriter(staging.resolve(CAPTIONS_FILE), StandardCharsets.UTF_8);
                Writer scenes = Files.newBufferedWriter(staging.resolve(SCENES_FILE), StandardCharsets.UTF_8)) {
            train.write(header + "\n");
            test.write(header + "\n");
            captions.write("image,caption,caption_with_colours\n");
            scenes.write("image,split,seed,index\n");
            for (Entry entry : entries) {
                StringBuilder row = new StringBuilder(entry.path());
                for (boolean present : entry.labels().presence()) {
                    row.append(present ? ",1" : ",-1");
                }
                (entry.split() == Split.TRAIN ? train : test).write(row + "\n");

                // Captions contain only words, spaces and commas, so quoting them is enough.
                captions.write(entry.path() + ",\"" + entry.labels().caption() + "\",\""
                        + entry.labels().captionWithColours() + "\"\n");
                Scene scene = entry.labels().scene();
                scenes.write(entry.path() + "," + entry.split().storeName() + "," + scene.seed() + "," + scene.index()
                        + "\n");
            }
        }
    }

    private static ParsedDataset parsedDataset(Path dir, List<Entry> entries, int trainCount, int testCount, long seed,
            int imageSize) {
        List<DatasetCategory> categories = new ArrayList<>();
        for (String name : SceneGenerator.categories()) {
            categories.add(new DatasetCategory(name, null));
        }
        List<DatasetImage> images = new ArrayList<>();
        for (Entry entry : entries) {
            Map<Integer, CellState> cells = new HashMap<>();
            boolean[] presence = entry.labels().presence();
            for (int c = 0; c < presence.length; c++) {
                cells.put(c, presence[c] ? CellState.POSITIVE : CellState.NEGATIVE);
            }
            images.add(new DatasetImage(entry.path(), entry.split(), cells, imageSize, imageSize));
        }
        String note = MESSAGES.format("demo.note", seed, trainCount, testCount, imageSize);
        return new ParsedDataset(FORMAT, dir, dir, categories, images, List.of(note));
    }

    private static void validate(int trainCount, int testCount, int imageSize) {
        if (trainCount < 0 || testCount < 0 || (long) trainCount + testCount == 0) {
            throw new UserInputException(MESSAGES.format("demo.counts.invalid", trainCount, testCount));
        }
        if (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE) {
            throw new UserInputException(MESSAGES.format("demo.size.invalid", imageSize));
        }
    }

    private static void checkTarget(Path target) {
        if (Files.isRegularFile(target)) {
            throw new UserInputException(MESSAGES.format("demo.dir.notFolder", target));
        }
        if (Files.isDirectory(target)) {
            try (Stream<Path> children = Files.list(target)) {
                if (children.findAny().isPresent()) {
                    throw new UserInputException(MESSAGES.format("demo.dir.notEmpty", target));
                }
            } catch (IOException e) {
                throw new UserInputException(MESSAGES.format("demo.dir.failed", target, e.getMessage()), e);
            }
        }
    }

    /** Renames the finished staging folder to the target, replacing an empty target folder. */
    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        if (Files.isDirectory(target)) {
            Files.delete(target);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // NOTE: staging is a sibling of the target, so this happens only on unusual file systems.
            Files.move(staging, target);
        }
    }

    private static long parseLong(String text, String field, Path file, int lineNumber) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UserInputException(MESSAGES.format("demo.manifest.value", file, lineNumber, field, text,
                    "expected a whole number"), e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the unfinished demo dataset folder {}", folder, e);
        }
    }
}
