package org.regiontag.db.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetCategory;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;

/**
 * A synthetic label set the size of COCO train2017: 118,287 images (1,021 of them without
 * annotations), 80 categories with COCO's sparse ids, 860,001 instances. Instances cluster as in real
 * photos: an instance repeats a category already in its image with probability
 * {@link #REPEAT_PROBABILITY}, otherwise draws one from a Zipf distribution over the categories. The
 * image-level cells are what a COCO reader gives: a category is positive when an image has an
 * instance of it, and unknown otherwise. Everything follows from {@link #SEED}.
 */
public final class CocoSizedLabelSet {

    public static final long SEED = 2017;
    public static final int IMAGES = 118_287;
    public static final int IMAGES_WITHOUT_ANNOTATIONS = 1_021;
    public static final int INSTANCES = 860_001;

    /** Chance that an instance repeats a category of its image (several people, several cars). */
    static final double REPEAT_PROBABILITY = 0.55;
    /** Zipf exponent of the category frequencies; 1.0 gives the most common category about 20% of new draws. */
    static final double ZIPF_EXPONENT = 1.0;

    /** COCO's 80 category names, in id order. */
    static final String[] NAMES = {"person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck",
        "boat", "traffic light", "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse",
        "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase",
        "frisbee", "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard",
        "surfboard", "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana",
        "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
        "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone",
        "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors", "teddy bear",
        "hair drier", "toothbrush"};

    /** COCO's category ids: 1 to 90 with ten gaps. */
    static final int[] IDS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
        27, 28, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56,
        57, 58, 59, 60, 61, 62, 63, 64, 65, 67, 70, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87, 88,
        89, 90};

    /** Instance categories per image, as indices into {@link #NAMES}; empty for unannotated images. */
    private final int[][] instances;

    private CocoSizedLabelSet(int[][] instances) {
        this.instances = instances;
    }

    public static CocoSizedLabelSet generate() {
        SplittableRandom random = new SplittableRandom(SEED);
        int annotated = IMAGES - IMAGES_WITHOUT_ANNOTATIONS;

        // Instances per annotated image: 1 plus a geometric count, then exact total by small corrections.
        int[] counts = new int[IMAGES];
        double extraMean = (double) INSTANCES / annotated - 1.0;
        double stop = 1.0 / (1.0 + extraMean);
        long total = 0;
        for (int i = 0; i < annotated; i++) {
            int count = 1;
            while (random.nextDouble() >= stop) {
                count++;
            }
            counts[i] = count;
            total += count;
        }
        while (total != INSTANCES) {
            int i = random.nextInt(annotated);
            if (total < INSTANCES) {
                counts[i]++;
                total++;
            } else if (counts[i] > 1) {
                counts[i]--;
                total--;
            }
        }
        shuffle(counts, random);

        double[] cumulative = zipfCumulative();
        int[][] instances = new int[IMAGES][];
        for (int i = 0; i < IMAGES; i++) {
            int[] image = new int[counts[i]];
            for (int k = 0; k < image.length; k++) {
                image[k] = k > 0 && random.nextDouble() < REPEAT_PROBABILITY
                        ? image[random.nextInt(k)] : draw(cumulative, random.nextDouble());
            }
            instances[i] = image;
        }
        return new CocoSizedLabelSet(instances);
    }

    /** Builds the label set as a COCO reader would parse it, with image paths relative to {@code imageRoot}. */
    public ParsedDataset toParsedDataset(Path imageRoot) {
        List<DatasetCategory> categories = new ArrayList<>();
        for (int c = 0; c < NAMES.length; c++) {
            categories.add(new DatasetCategory(NAMES[c], Integer.toString(IDS[c])));
        }
        List<DatasetImage> images = new ArrayList<>(IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            Map<Integer, CellState> cells = new LinkedHashMap<>();
            for (int category : instances[i]) {
                cells.put(category, CellState.POSITIVE);
            }
            images.add(new DatasetImage(fileName(i), Split.TRAIN, cells, 640, 480));
        }
        return new ParsedDataset("coco", imageRoot.resolve("instances_train2017.json"), imageRoot, categories,
                images, List.of());
    }

    /** Positive cells: distinct (image, category) pairs with at least one instance. */
    public long positiveCells() {
        long cells = 0;
        for (int[] image : instances) {
            cells += Arrays.stream(image).distinct().count();
        }
        return cells;
    }

    /**
     * Writes the same label set as a COCO instances file (boxes are arbitrary), so that the import can
     * also be measured through a COCO reader.
     */
    public void writeInstancesJson(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeObjectFieldStart("info");
            json.writeStringField("description", "synthetic COCO-train2017-sized label set, seed " + SEED);
            json.writeEndObject();
            json.writeArrayFieldStart("images");
            for (int i = 0; i < IMAGES; i++) {
                json.writeStartObject();
                json.writeNumberField("id", i + 1);
                json.writeStringField("file_name", fileName(i).substring("train2017/".length()));
                json.writeNumberField("width", 640);
                json.writeNumberField("height", 480);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("annotations");
            long id = 1;
            for (int i = 0; i < IMAGES; i++) {
                for (int category : instances[i]) {
                    double x = random.nextDouble() * 600;
                    double y = random.nextDouble() * 440;
                    json.writeStartObject();
                    json.writeNumberField("id", id++);
                    json.writeNumberField("image_id", i + 1);
                    json.writeNumberField("category_id", IDS[category]);
                    json.writeArrayFieldStart("bbox");
                    json.writeNumber(Math.round(x * 100) / 100.0);
                    json.writeNumber(Math.round(y * 100) / 100.0);
                    json.writeNumber(40.0);
                    json.writeNumber(40.0);
                    json.writeEndArray();
                    json.writeNumberField("area", 1600.0);
                    json.writeNumberField("iscrowd", 0);
                    json.writeArrayFieldStart("segmentation");
                    json.writeEndArray();
                    json.writeEndObject();
                }
            }
            json.writeEndArray();
            json.writeArrayFieldStart("categories");
            for (int c = 0; c < NAMES.length; c++) {
                json.writeStartObject();
                json.writeNumberField("id", IDS[c]);
                json.writeStringField("name", NAMES[c]);
                json.writeStringField("supercategory", "");
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    static String fileName(int index) {
        return String.format(Locale.ROOT, "train2017/%012d.jpg", index + 1);
    }

    private static double[] zipfCumulative() {
        double[] cumulative = new double[NAMES.length];
        double sum = 0;
        for (int k = 0; k < NAMES.length; k++) {
            sum += 1.0 / Math.pow(k + 1, ZIPF_EXPONENT);
            cumulative[k] = sum;
        }
        for (int k = 0; k < NAMES.length; k++) {
            cumulative[k] /= sum;
        }
        return cumulative;
    }

    private static int draw(double[] cumulative, double u) {
        int index = Arrays.binarySearch(cumulative, u);
        int category = index >= 0 ? index : -index - 1;
        return Math.min(category, cumulative.length - 1);
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
