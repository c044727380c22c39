package org.regiontag.engine.clip;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.Djl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the image tower's throughput and resident memory, and the engine's matrix-multiply
 * peak on this machine, and prints one JSON line. Run through {@code engine/src/test/bench/clip-throughput.sh}.
 *
 * <pre>
 * ClipThroughputBenchmark --model DIR [--images 1000] [--batch 8] [--device cpu|gpu|auto]
 * </pre>
 */
public final class ClipThroughputBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(ClipThroughputBenchmark.class);

    private ClipThroughputBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Djl.configureOffline();

        Map<String, String> options = new LinkedHashMap<>(Map.of("--images", "1000", "--batch", "8", "--device", "cpu"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (!options.containsKey("--model")) {
            LOG.error("usage: ClipThroughputBenchmark --model DIR [--images N] [--batch B] [--device cpu|gpu|auto]");
            System.exit(1);
        }
        Device device;
        try {
            device = Djl.device(options.get("--device"));
        } catch (UserInputException e) {
            LOG.error("{}", e.getMessage());
            System.exit(1);
            return;
        }
        int images = Integer.parseInt(options.get("--images"));
        int batch = Integer.parseInt(options.get("--batch"));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("engine", "djl-pytorch " + Djl.engine().getVersion());
        result.put("device", device.toString());
        result.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        result.put("matmul_peak_gflops", round(matmulPeak(device)));

        try (ClipModel clip = ClipModel.load(Path.of(options.get("--model")), device);
                NDManager manager = Djl.newBaseManager(device)) {
            VitConfig vit = (VitConfig) clip.config().vision();
            int size = vit.imageSize();
            NDArray pixels = manager.randomNormal(new Shape(batch, 3, size, size));
            for (int i = 0; i < 2; i++) {
                clip.encodeImage(pixels).close();
            }

            long rssStart = residentBytes();
            long rssMax = rssStart;
            int done = 0;
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            while (done < images) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    clip.encodeImage(pixels).toFloatArray();
                }
                done += batch;
                rssMax = Math.max(rssMax, residentBytes());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            long rssEnd = residentBytes();

            double imagesPerSecond = done / seconds;
            double flopsPerImage = vitFlops(vit, clip.config().embedDim());
            result.put("image_size", size);
            result.put("batch", batch);
            result.put("images", done);
            result.put("seconds", round(seconds));
            result.put("images_per_second", round(imagesPerSecond));
            result.put("cpu_seconds", round(cpuSeconds));
            result.put("images_per_cpu_second", round(done / cpuSeconds));
            result.put("gflop_per_image", round(flopsPerImage / 1e9));
            result.put("achieved_gflops", round(imagesPerSecond * flopsPerImage / 1e9));
            result.put("rss_mb_start", rssStart >> 20);
            result.put("rss_mb_max", rssMax >> 20);
            result.put("rss_mb_end", rssEnd >> 20);
            result.put("rss_anon_mb_end", statusBytes("RssAnon:") >> 20);
            result.put("rss_file_mb_end", statusBytes("RssFile:") >> 20);
        }
        System.out.println(toJson(result));
    }

    /** Best of several 2048 × 2048 float32 matrix products, in GFLOP/s. */
    private static double matmulPeak(Device device) {
        int n = 2048;
        double best = 0;
        try (NDManager manager = Djl.newBaseManager(device)) {
            NDArray a = manager.randomNormal(new Shape(n, n));
            NDArray b = manager.randomNormal(new Shape(n, n));
            for (int i = 0; i < 12; i++) {
                long start = System.nanoTime();
                try (NDArray product = a.matMul(b)) {
                    product.getFloat(0, 0);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                best = Math.max(best, 2.0 * n * n * n / seconds / 1e9);
            }
        }
        return best;
    }

    /**
     * Multiply-adds of the ViT forward counted as two FLOPs each: patch embedding, per block the
     * fused q/k/v projection, scores, weighted sum, output projection and MLP, and the final projection.
     */
    static double vitFlops(VitConfig vit, int embedDim) {
        double width = vit.transformer().width();
        double tokens = (double) vit.gridSize() * vit.gridSize() + 1;
        double patches = tokens - 1;
        double patchEmbedding = 2 * patches * width * 3 * vit.patchSize() * vit.patchSize();
        double attention = 2 * tokens * width * 3 * width + 2 * 2 * tokens * tokens * width + 2 * tokens * width * width;
        double mlp = 2 * 2 * tokens * width * vit.transformer().mlpWidth();
        return patchEmbedding + vit.transformer().layers() * (attention + mlp) + 2 * width * embedDim;
    }

    /**
     * CPU time of the whole process, all threads, in nanoseconds. On a loaded machine the
     * images per CPU-second compare engines more fairly than wall-clock rates do.
     */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static long residentBytes() throws IOException {
        return statusBytes("VmRSS:");
    }

    /** Reads a size field of {@code /proc/self/status}, such as {@code VmRSS:} (Linux only). */
    private static long statusBytes(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String toJson(Map<String, Object> values) {
        StringBuilder json = new StringBuilder("{");
        values.forEach((key, value) -> {
            json.append(json.length() > 1 ? ", " : "").append('"').append(key).append("\": ");
            json.append(value instanceof String ? "\"" + value + "\"" : String.format(Locale.ROOT, "%s", value));
        });
        return json.append('}').toString();
    }
}
