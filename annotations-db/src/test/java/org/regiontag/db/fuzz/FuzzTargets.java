package org.regiontag.db.fuzz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.regiontag.db.UserInputException;
import org.regiontag.db.image.ImageDecodeException;
import org.regiontag.db.image.ImageDecoder;
import org.regiontag.db.image.ImageInfo;
import org.regiontag.db.image.ImageProbe;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.io.DatasetReader;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.formats.DatasetReaders;

/**
 * The fuzz targets of the store's readers of untrusted files: each writes the input where the
 * reader looks for it and reads it as a user's import or image would be read.
 *
 * <p>A target returns normally when the code under test accepted the input or rejected it the
 * documented way: {@link UserInputException} from a dataset reader, a {@link ImageStatus} from the
 * probe, {@link ImageDecodeException} from the decoder. Anything else it lets escape (another
 * exception, an {@link OutOfMemoryError}, a {@link StackOverflowError}) is a crash, and so is a
 * hang, which the fuzzer's time limit per input catches.
 *
 * <p>Each target has a Jazzer test ({@code *FuzzTest}). The normal test run replays its committed
 * inputs (seeds and every crash found so far, under {@code <Target>FuzzTestInputs/} in the test
 * resources), and the {@code fuzz} profile mutates them for a bounded time.
 */
public final class FuzzTargets {

    private static final ThreadLocal<Path> WORK = ThreadLocal.withInitial(() -> {
        try {
            Path folder = Files.createTempDirectory("regiontag-fuzz");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    private FuzzTargets() {
    }

    /**
     * Reads the input as a Pascal VOC dataset: as {@code Annotations/000001.xml} when it starts with
     * {@code <}, otherwise as the classification list {@code ImageSets/Main/cat_train.txt}.
     */
    public static void voc(byte[] data) throws IOException {
        Path root = freshFolder("voc");
        Files.createDirectories(root.resolve("JPEGImages"));
        if (data.length > 0 && data[0] == '<') {
            Files.write(Files.createDirectories(root.resolve("Annotations")).resolve("000001.xml"), data);
        } else {
            Files.write(Files.createDirectories(root.resolve("ImageSets/Main")).resolve("cat_train.txt"), data);
        }
        read("voc", root, null);
    }

    /** Reads the input as a COCO instances file {@code annotations/instances_train2017.json}. */
    public static void coco(byte[] data) throws IOException {
        Path root = freshFolder("coco");
        Files.createDirectories(root.resolve("train2017"));
        Path file = Files.createDirectories(root.resolve("annotations")).resolve("instances_train2017.json");
        Files.write(file, data);
        read("coco", file, null);
    }

    /** Reads the input as a CSV file with both layouts (wide and long). */
    public static void csv(byte[] data) throws IOException {
        Path root = freshFolder("csv");
        Path file = Files.write(root.resolve("labels.csv"), data);
        read("csv", file, root);
        read("csv-long", file, root);
    }

    /**
     * Reads the input as a YOLO detection dataset. The bytes up to the first zero byte are the
     * names: {@code data.yaml} when the input starts with a letter that is lower-case in ASCII,
     * otherwise {@code obj.names}. The bytes after it are the label file of {@code images/train/a.jpg}.
     */
    public static void yolo(byte[] data) throws IOException {
        Path root = freshFolder("yolo");
        int split = indexOf(data, (byte) 0);
        byte[] names = split < 0 ? data : Arrays.copyOfRange(data, 0, split);
        byte[] labels = split < 0 ? new byte[0] : Arrays.copyOfRange(data, split + 1, data.length);
        boolean yaml = names.length > 0 && names[0] >= 'a' && names[0] <= 'z';
        Path namesFile = Files.write(root.resolve(yaml ? "data.yaml" : "obj.names"), names);
        Files.write(Files.createDirectories(root.resolve("images/train")).resolve("a.jpg"), new byte[0]);
        Files.write(Files.createDirectories(root.resolve("labels/train")).resolve("a.txt"), labels);
        read("yolo", namesFile, null);
    }

    /** Probes and decodes the input as an image file, whole and as a 64-pixel thumbnail. */
    public static void image(byte[] data) throws IOException {
        Path file = Files.write(WORK.get().resolve("image"), data);
        ImageInfo info = ImageProbe.probe(file);
        if (info.status() == ImageStatus.MISSING || (info.status() == ImageStatus.DAMAGED) == (info.reason() == null)) {
            throw new AssertionError("the probe returned " + info + " for an existing file");
        }
        ImageDecoder decoder = new ImageDecoder();
        for (int maxSide : new int[] {Integer.MAX_VALUE, 64}) {
            try {
                BufferedImage image = decoder.decode(file, maxSide);
                if (image.getType() != BufferedImage.TYPE_INT_RGB) {
                    throw new AssertionError("the decoder returned an image of type " + image.getType());
                }
            } catch (ImageDecodeException e) {
                if (e.getMessage().contains("\n")) {
                    throw new AssertionError("a decode error spans several lines: " + e.getMessage(), e);
                }
            }
        }
    }

    private static void read(String format, Path source, Path images) {
        DatasetReader reader = DatasetReaders.forFormat(format);
        try {
            ParsedDataset dataset = reader.read(source, images, null);
            if (dataset.images() == null || dataset.categories() == null) {
                throw new AssertionError("the " + format + " reader returned no lists");
            }
        } catch (UserInputException e) {
            if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
                throw new AssertionError("the " + format + " reader's error is not one line: " + e.getMessage(), e);
            }
        }
    }

    private static Path freshFolder(String name) throws IOException {
        Path folder = WORK.get().resolve(name);
        if (Files.exists(folder)) {
            try (Stream<Path> entries = Files.walk(folder)) {
                for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(entry);
                }
            }
        }
        return Files.createDirectories(folder);
    }

    private static int indexOf(byte[] data, byte value) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
