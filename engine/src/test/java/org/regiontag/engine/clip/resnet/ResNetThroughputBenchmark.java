package org.regiontag.engine.clip.resnet;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.Djl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the image tower's inference throughput and resident memory on a checkpoint folder, for
 * {@code docs/benchmarks.md}; {@code src/test/bench/clip-resnet-benchmark.sh} runs it beside
 * PyTorch eager.
 *
 * <p>Arguments: {@code --model DIR} (required), {@code --images N} (1000), {@code --batch B} (8),
 * {@code --warmup BATCHES} (2), {@code --image-size PX} (the checkpoint's), {@code --device
 * cpu|gpu|auto} (cpu), {@code --train true} (time forward and backward passes in training mode,
 * as pretraining runs them, instead of inference), {@code --rss-every BATCHES} (also record resident
 * memory every that many batches, counting the warm-up), {@code --out FILE} (the result as JSON).
 * Threads come from DJL's
 * {@code -Dai.djl.pytorch.num_threads}. Each batch runs in its own sub-manager, as extraction does.
 */
public final class ResNetThroughputBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(ResNetThroughputBenchmark.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResNetThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Djl.configureOffline();
        try {
            run(arguments(args));
        } catch (UserInputException e) {
            LOG.error("{}", e.getMessage());
            System.exit(1);
        }
    }

    private static void run(Map<String, String> options) throws IOException {
        Path model = Path.of(required(options, "--model"));
        int images = Integer.parseInt(options.getOrDefault("--images", "1000"));
        int batch = Integer.parseInt(options.getOrDefault("--batch", "8"));
        int warmup = Integer.parseInt(options.getOrDefault("--warmup", "2"));
        Device device = Djl.device(options.getOrDefault("--device", "cpu"));
        boolean train = Boolean.parseBoolean(options.getOrDefault("--train", "false"));
        int rssEvery = Integer.parseInt(options.getOrDefault("--rss-every", "0"));

        JsonNode config = JSON.readTree(model.resolve("config.json").toFile());
        ResNetVisionConfig vision = ResNetVisionConfig.fromJson(config.get("vision"), model.resolve("config.json")
                .toString());
        int imageSize = Integer.parseInt(options.getOrDefault("--image-size", String.valueOf(vision.imageSize())));

        ObjectNode result = JSON.createObjectNode();
        try (NDManager manager = Djl.newBaseManager(device)) {
            Map<String, NDArray> tensors = PythonReference.readTensors(manager, model.resolve("model.safetensors"));
            ModifiedResNet tower = ModifiedResNet.fromTensors(vision, tensors, manager);
            tower.setTrainable(train);
            tensors.values().forEach(NDArray::close);
            // The reader widened float16 tensors in Java buffers and mapped the file; collecting
            // them here keeps that one-time load out of the resident memory measured below.
            System.gc();
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray input = manager.randomNormal(new Shape(batch, 3, imageSize, imageSize));

            ArrayNode trace = result.putArray("rss_trace_mb");
            for (int i = 0; i < warmup; i++) {
                runBatch(tower, parameterStore, manager, input, train);
                recordResident(trace, rssEvery, i + 1);
            }
            double rssStart = residentMegabytes();
            double rssMax = rssStart;
            int done = 0;
            int batches = warmup;
            long started = System.nanoTime();
            while (done < images) {
                runBatch(tower, parameterStore, manager, input, train);
                done += batch;
                recordResident(trace, rssEvery, ++batches);
                rssMax = Math.max(rssMax, residentMegabytes());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double rssEnd = residentMegabytes();

            double peak = device.isGpu() ? Double.NaN : matmulPeakGflops(manager);
            double macs = multiplyAccumulates(vision, imageSize);
            double imagesPerSecond = done / seconds;
            Engine engine = Djl.engine();
            result.put("engine", "regiontag-djl " + engine.getEngineName() + " " + engine.getVersion());
            result.put("device", device.toString());
            result.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
            result.put("mode", train ? "training step" : "inference");
            result.put("image_size", imageSize);
            result.put("batch", batch);
            result.put("images", done);
            result.put("seconds", round(seconds, 3));
            result.put("images_per_second", round(imagesPerSecond, 3));
            result.put("gmacs_per_image", round(macs / 1e9, 3));
            result.put("matmul_peak_gflops", round(peak, 1));
            result.put("share_of_peak", round(2 * macs * imagesPerSecond / 1e9 / peak, 3));
            result.put("rss_start_mb", round(rssStart, 1));
            result.put("rss_end_mb", round(rssEnd, 1));
            result.put("rss_max_mb", round(rssMax, 1));
        }

        LOG.info("{}", result);
        if (options.containsKey("--out")) {
            Files.writeString(Path.of(options.get("--out")), result.toString() + "\n");
        }
    }

    private static void runBatch(ModifiedResNet tower, ParameterStore parameterStore, NDManager manager,
            NDArray input, boolean train) {
        try (NDManager batchManager = manager.newSubManager()) {
            NDArray images = input.duplicate();
            images.attach(batchManager);
            if (!train) {
                ResNetFeatures features = tower.encode(parameterStore, images, false);
                // Reading one value waits for the device and mirrors a caller that copies results out.
                features.imageEmbeds().getFloat(0, 0);
                features.denseFeatures().getFloat(0, 0, 0, 0);
                return;
            }
            try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                ResNetFeatures features = tower.encode(parameterStore, images, true);
                NDArray loss = features.imageEmbeds().square().mean().add(features.denseFeatures().square().mean());
                collector.backward(loss);
            }
            for (Parameter parameter : tower.parametersByName().values()) {
                if (parameter.requiresGradient()) {
                    NDArray gradient = parameter.getArray().getGradient();
                    gradient.subi(gradient);
                    gradient.close();
                }
            }
        }
    }

    /** Best of 20 float32 matrix products of 2048 × 2048, in GFLOP/s (two FLOPs per multiply-add). */
    static double matmulPeakGflops(NDManager manager) {
        int size = 2048;
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = scope.randomNormal(new Shape(size, size));
            NDArray b = scope.randomNormal(new Shape(size, size));
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 23; i++) {
                long start = System.nanoTime();
                NDArray product = a.matMul(b);
                product.getFloat(0, 0);
                long elapsed = System.nanoTime() - start;
                product.close();
                if (i >= 3) {
                    best = Math.min(best, elapsed / 1e9);
                }
            }
            return 2.0 * size * size * size / best / 1e9;
        }
    }

    /**
     * Multiply-accumulates of the convolutions and projections for one image of {@code side}
     * pixels, the work that dominates; normalisation, activations and pooling are left out.
     */
    static double multiplyAccumulates(ResNetVisionConfig config, int side) {
        int width = config.width();
        long half = (side - 1) / 2 + 1;
        double macs = half * half * (3.0 * (width / 2) * 9 + (double) (width / 2) * (width / 2) * 9
                + (double) width * (width / 2) * 9);
        long size = half / 2;
        int inChannels = width;
        List<Integer> layers = config.layers();
        for (int stage = 0; stage < layers.size(); stage++) {
            int planes = config.planes(stage);
            for (int block = 0; block < layers.get(stage); block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                long out = size / stride;
                macs += size * size * (double) planes * inChannels;
                macs += size * size * (double) planes * planes * 9;
                macs += out * out * (double) planes * 4 * planes;
                if (stride > 1 || inChannels != planes * 4) {
                    macs += out * out * (double) planes * 4 * inChannels;
                }
                inChannels = planes * 4;
                size = out;
            }
        }
        double embed = config.embedDim();
        double tokens = size * size + 1;
        macs += 2 * tokens * embed * embed + embed * embed; // keys and values for all tokens, one query
        macs += 2 * tokens * embed; // attention scores and weighted sum
        macs += tokens * embed * config.outputDim(); // output projection of the pooled token and every location
        return macs;
    }

    private static void recordResident(ArrayNode trace, int every, int batches) throws IOException {
        if (every > 0 && batches % every == 0) {
            trace.add(round(residentMegabytes(), 1));
        }
    }

    private static double residentMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static Map<String, String> arguments(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new UserInputException("invalid argument '" + args[i] + "'; expected --name value pairs");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new UserInputException(name + " is required");
        }
        return value;
    }
}
