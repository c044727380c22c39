package org.regiontag.db.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures probing and decoding speed on a folder of photos, by default the VOC sample's
 * JPEGImages, and decoding of a generated 6000 × 4000 JPEG. It reports the median of several rounds after warm-up rounds, so the files are in
 * the page cache and the numbers show CPU cost, not disk speed. Each round is timed by the
 * thread's CPU time, which other processes on a shared machine barely change, and by wall time.
 *
 * <pre>
 * mvn -q -pl annotations-db test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.regiontag.db.image.ImageProbeBenchmark [-Dexec.args=FOLDER]
 * </pre>
 */
public final class ImageProbeBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(ImageProbeBenchmark.class);
    private static final int WARM_UP_ROUNDS = 3;
    private static final int ROUNDS = 10;
    private static final int DECODE_RUNS = 20;
    /** A 24-megapixel camera photo's size, to show what subsampled thumbnails save. */
    private static final int LARGE_WIDTH = 6000;
    private static final int LARGE_HEIGHT = 4000;
    private static final int LARGE_RUNS = 5;

    private ImageProbeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // annotations-db cannot see org.regiontag.engine.Djl, so it sets DJL's offline settings itself.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");

        Path folder = args.length > 0 ? Path.of(args[0])
                : Path.of(System.getProperty("regiontag.shared.dir", "../shared"),
                        "datasets/voc-sample/VOCdevkit/VOC2012/JPEGImages");
        List<Path> images = SharedImagesTest.imagesUnder(folder);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no JPEG or PNG images under " + folder.toAbsolutePath()
                    + "; pass a folder of photos as the first argument");
        }
        long bytes = 0;
        for (Path image : images) {
            bytes += Files.size(image);
        }
        LOG.info("{} images, {} MB, in {}", images.size(), format(bytes / 1e6), folder.toAbsolutePath());

        Timing probe = median(ROUNDS, () -> probeAll(images));
        Timing hash = median(ROUNDS, () -> hashAll(images));
        LOG.info("probe: {} images/s, {} MB/s per CPU second ({} images/s wall time; median of {} rounds)",
                format(images.size() / probe.cpuSeconds()), format(bytes / 1e6 / probe.cpuSeconds()),
                format(images.size() / probe.wallSeconds()), ROUNDS);
        LOG.info("SHA-256 alone: {} images/s per CPU second; the probe takes {} times its CPU time",
                format(images.size() / hash.cpuSeconds()), format(probe.cpuSeconds() / hash.cpuSeconds()));

        Path largest = largestByPixels(images);
        ImageInfo info = ImageProbe.probe(largest);
        ImageDecoder decoder = new ImageDecoder();
        Timing decode = median(DECODE_RUNS, () -> decoder.decode(largest));
        Timing thumbnail = median(DECODE_RUNS, () -> decoder.decode(largest, 256));
        Timing imageIo = median(DECODE_RUNS, () -> ImageIO.read(largest.toFile()));
        LOG.info("decode {} ({}x{}, {} KB), CPU ms (wall ms), median of {} runs: {} ({}) full size, "
                + "{} ({}) to a 256-pixel thumbnail, {} ({}) for ImageIO.read alone", largest.getFileName(),
                info.width(), info.height(), Files.size(largest) / 1000, DECODE_RUNS,
                format(decode.cpuSeconds() * 1e3), format(decode.wallSeconds() * 1e3),
                format(thumbnail.cpuSeconds() * 1e3), format(thumbnail.wallSeconds() * 1e3),
                format(imageIo.cpuSeconds() * 1e3), format(imageIo.wallSeconds() * 1e3));

        Path photo = Files.createTempFile("regiontag-benchmark-", ".jpg");
        try {
            Files.write(photo, TestImages.jpeg(photoLike(LARGE_WIDTH, LARGE_HEIGHT)));
            Timing large = median(LARGE_RUNS, () -> decoder.decode(photo));
            Timing largeThumbnail = median(LARGE_RUNS, () -> decoder.decode(photo, 256));
            LOG.info("decode a generated photo-like {}x{} JPEG ({} MB), CPU ms (wall ms), median of {} runs: {} ({}) full size, "
                    + "{} ({}) to a 256-pixel thumbnail", LARGE_WIDTH, LARGE_HEIGHT, format(Files.size(photo) / 1e6),
                    LARGE_RUNS, format(large.cpuSeconds() * 1e3), format(large.wallSeconds() * 1e3),
                    format(largeThumbnail.cpuSeconds() * 1e3), format(largeThumbnail.wallSeconds() * 1e3));
        } finally {
            Files.delete(photo);
        }
    }

    /**
     * Returns smooth colour gradients with mild noise, which compress to about the bytes per pixel
     * of a camera JPEG (pure noise would make the entropy decoding dominate).
     */
    private static BufferedImage photoLike(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int red = 255 * x / width + random.nextInt(17) - 8;
                int green = 255 * y / height + random.nextInt(17) - 8;
                int blue = 128 + random.nextInt(17) - 8;
                image.setRGB(x, y, clamp(red) << 16 | clamp(green) << 8 | clamp(blue));
            }
        }
        return image;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private static void probeAll(List<Path> images) {
        for (Path image : images) {
            ImageInfo info = ImageProbe.probe(image);
            if (info.status() != ImageStatus.OK) {
                throw new IllegalStateException(image + " probes " + info.status() + ": " + info.reason());
            }
        }
    }

    private static void hashAll(List<Path> images) throws IOException {
        for (Path image : images) {
            ImageProbe.sha256(image);
        }
    }

    private static Path largestByPixels(List<Path> images) {
        Path largest = images.get(0);
        long most = 0;
        for (Path image : images) {
            ImageInfo info = ImageProbe.probe(image);
            long pixels = (long) info.width() * info.height();
            if (pixels > most) {
                most = pixels;
                largest = image;
            }
        }
        return largest;
    }

    /** Runs the task after warm-up rounds and returns the median CPU and wall times of {@code rounds} runs. */
    private static Timing median(int rounds, Task task) throws Exception {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            task.run();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] cpu = new double[rounds];
        double[] wall = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            task.run();
            wall[i] = (System.nanoTime() - wallStart) / 1e9;
            cpu[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return new Timing(cpu[rounds / 2], wall[rounds / 2]);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value);
    }

    private interface Task {
        void run() throws Exception;
    }

    private record Timing(double cpuSeconds, double wallSeconds) {
    }
}
