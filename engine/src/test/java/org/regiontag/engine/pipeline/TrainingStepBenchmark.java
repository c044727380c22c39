package org.regiontag.engine.pipeline;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.ClipModel;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.train.InMemoryFeatures;
import org.regiontag.engine.train.LabelMatrix;
import org.regiontag.engine.train.ModelSpec;
import org.regiontag.engine.train.RoundData;
import org.regiontag.engine.train.RoundTrainer;
import org.regiontag.engine.train.TensorState;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.text.PromptLearner;

/**
 * Seconds per training step with the prompt learner on a real-sized text tower: batch 32, random
 * cached features of ViT-B/16 at 224 px (14 × 14 × 512 dense, 512 global), 20 (VOC) or 80 (COCO)
 * categories, prompts padded to the longest one or to 77 tokens. Not a unit test.
 *
 * <pre>
 *   TrainingStepBenchmark MODEL_DIR [steps] [warm-up steps] [images]
 * </pre>
 * MODEL_DIR is a checkpoint with ViT-B/16's text tower (width 512, 12 layers, CLIP's tokenizer);
 * {@code make_tiny_clip.py --variant vit-b-16} writes one.
 */
public final class TrainingStepBenchmark {

    static final List<String> VOC = List.of("aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat",
            "chair", "cow", "dining table", "dog", "horse", "motorbike", "person", "potted plant", "sheep", "sofa",
            "train", "tv monitor");
    static final List<String> COCO = List.of("person", "bicycle", "car", "motorcycle", "airplane", "bus", "train",
            "truck", "boat", "traffic light", "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog",
            "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie",
            "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove",
            "skateboard", "surfboard", "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl",
            "banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair",
            "couch", "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard",
            "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors",
            "teddy bear", "hair drier", "toothbrush");

    private TrainingStepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Djl.configureOffline();
        Path model = Path.of(args[0]);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int images = args.length > 3 ? Integer.parseInt(args[3]) : 128;

        try (ClipModel clip = ClipModel.load(model, Device.cpu())) {
            int embedDim = clip.config().embedDim();
            InMemoryFeatures features = randomFeatures(images, 14, 14, embedDim, new Random(1));
            System.out.printf(Locale.ROOT, "model %s, embedDim %d, %d images of 14 x 14, batch 32, %d timed steps after"
                    + " %d warm-up steps, %s threads%n", model, embedDim, images, steps, warmup,
                    System.getProperty("ai.djl.pytorch.num_threads", "default"));
            for (List<String> names : List.of(VOC, COCO)) {
                for (boolean padded : new boolean[] {false, true}) {
                    double[] seconds = time(clip, names, features, padded, steps, warmup);
                    double[] sorted = seconds.clone();
                    Arrays.sort(sorted);
                    System.out.printf(Locale.ROOT, "%d categories, %s: median %.3f s/step, min %.3f, max %.3f%n",
                            names.size(), padded ? "padded to 77 tokens" : "padded to the longest prompt",
                            sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
                }
            }
        }
    }

    /** Trains one round and returns the seconds of each step after the warm-up. */
    private static double[] time(ClipModel clip, List<String> names, InMemoryFeatures features, boolean padded,
            int steps, int warmup) throws Exception {
        TrainingConfig config = TrainingConfig.builder().stepsPerRound(steps + warmup).warmupSteps(1).batchSize(32)
                .build();
        Random random = new Random(2);
        int[][] labels = new int[features.size()][names.size()];
        float[][] teacher = new float[features.size()][names.size()];
        for (int i = 0; i < labels.length; i++) {
            for (int c = 0; c < names.size(); c++) {
                boolean known = random.nextDouble() < 0.1;
                boolean positive = random.nextDouble() < 0.2;
                labels[i][c] = known ? (positive ? 1 : -1) : 0;
                teacher[i][c] = random.nextFloat();
            }
        }
        float[][] queries = new float[names.size()][features.embedDim()];
        for (float[] row : queries) {
            for (int d = 0; d < row.length; d++) {
                row[d] = (float) random.nextGaussian();
            }
        }
        ModelSpec spec = new ModelSpec(queries, PromptLearner.factory(clip, names, config, padded));
        List<Long> ends = new ArrayList<>();
        new RoundTrainer(config, Device.cpu()).train(spec, TensorState.empty(), null,
                new RoundData(features, LabelMatrix.of(labels), null, teacher), progress -> ends.add(System.nanoTime()),
                new CancellationToken());
        double[] seconds = new double[steps];
        for (int s = 0; s < steps; s++) {
            seconds[s] = (ends.get(warmup + s) - ends.get(warmup + s - 1)) / 1e9;
        }
        return seconds;
    }

    static InMemoryFeatures randomFeatures(int images, int height, int width, int embedDim, Random random) {
        float[] dense = new float[images * height * width * embedDim];
        float[] global = new float[images * embedDim];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < global.length; i++) {
            global[i] = (float) random.nextGaussian();
        }
        return new InMemoryFeatures(images, height, width, embedDim, dense, global);
    }
}
