package org.regiontag.db.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic COCO instances file the size of COCO train 2017 (118,287 images, 860,001
 * annotations, 80 categories with COCO's ids 1 to 90) for the import benchmarks. The seed is
 * fixed, so every run writes the same bytes.
 *
 * <p>As in the real file, 1,021 images have no annotation and the categories come after the
 * annotations. About 1% of the annotations are {@code iscrowd} regions with RLE counts and the
 * others have polygons; the shapes are random numbers, not real outlines.
 *
 * <p>Usage: {@code CocoFileGenerator OUTPUT.json}
 */
public final class CocoFileGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(CocoFileGenerator.class);

    static final int IMAGES = 118_287;
    static final int ANNOTATIONS = 860_001;
    static final int UNANNOTATED_IMAGES = 1_021;
    private static final long SEED = 2017;

    /** COCO's 80 categories with their ids, which leave gaps up to 90. */
    private static final String[] CATEGORIES = {
        "1:person", "2:bicycle", "3:car", "4:motorcycle", "5:airplane", "6:bus", "7:train", "8:truck", "9:boat",
        "10:traffic light", "11:fire hydrant", "13:stop sign", "14:parking meter", "15:bench", "16:bird", "17:cat",
        "18:dog", "19:horse", "20:sheep", "21:cow", "22:elephant", "23:bear", "24:zebra", "25:giraffe",
        "27:backpack", "28:umbrella", "31:handbag", "32:tie", "33:suitcase", "34:frisbee", "35:skis",
        "36:snowboard", "37:sports ball", "38:kite", "39:baseball bat", "40:baseball glove", "41:skateboard",
        "42:surfboard", "43:tennis racket", "44:bottle", "46:wine glass", "47:cup", "48:fork", "49:knife",
        "50:spoon", "51:bowl", "52:banana", "53:apple", "54:sandwich", "55:orange", "56:broccoli", "57:carrot",
        "58:hot dog", "59:pizza", "60:donut", "61:cake", "62:chair", "63:couch", "64:potted plant", "65:bed",
        "67:dining table", "70:toilet", "72:tv", "73:laptop", "74:mouse", "75:remote", "76:keyboard",
        "77:cell phone", "78:microwave", "79:oven", "80:toaster", "81:sink", "82:refrigerator", "84:book",
        "85:clock", "86:vase", "87:scissors", "88:teddy bear", "89:hair drier", "90:toothbrush"};

    private static final int[][] SIZES = {{640, 480}, {640, 427}, {480, 640}, {427, 640}, {640, 426}, {500, 375}};

    private CocoFileGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CocoFileGenerator OUTPUT.json");
        }
        Path output = Path.of(args[0]);
        if (output.toAbsolutePath().getParent() != null) {
            Files.createDirectories(output.toAbsolutePath().getParent());
        }
        long start = System.nanoTime();
        write(output);
        LOG.info("wrote {} ({} bytes) in {} s", output, Files.size(output), (System.nanoTime() - start) / 1e9);
    }

    /** Writes the file; the same seed gives the same bytes. */
    static void write(Path output) throws IOException {
        Random random = new Random(SEED);

        // Distinct image ids spread over a range as wide as COCO's.
        Set<Integer> idSet = new LinkedHashSet<>();
        while (idSet.size() < IMAGES) {
            idSet.add(1 + random.nextInt(581_929));
        }
        List<Integer> imageIds = new ArrayList<>(idSet);
        List<Integer> annotated = new ArrayList<>(imageIds);
        Collections.shuffle(annotated, random);
        annotated = annotated.subList(0, IMAGES - UNANNOTATED_IMAGES);

        try (JsonGenerator json = new JsonFactory().createGenerator(output.toFile(), JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeObjectFieldStart("info");
            json.writeStringField("description", "Synthetic COCO-sized instances file for RegionTag benchmarks");
            json.writeNumberField("year", 2017);
            json.writeEndObject();
            json.writeArrayFieldStart("licenses");
            for (int license = 1; license <= 8; license++) {
                json.writeStartObject();
                json.writeNumberField("id", license);
                json.writeStringField("name", "License " + license);
                json.writeStringField("url", "http://example.org/license/" + license);
                json.writeEndObject();
            }
            json.writeEndArray();

            json.writeArrayFieldStart("images");
            for (int id : imageIds) {
                int[] size = SIZES[random.nextInt(SIZES.length)];
                String fileName = String.format("%012d.jpg", id);
                json.writeStartObject();
                json.writeNumberField("license", 1 + random.nextInt(8));
                json.writeStringField("file_name", fileName);
                json.writeStringField("coco_url", "http://images.example.org/train2017/" + fileName);
                json.writeNumberField("height", size[1]);
                json.writeNumberField("width", size[0]);
                json.writeStringField("date_captured", "2013-11-14 11:18:45");
                json.writeStringField("flickr_url", "http://farm.example.org/" + id + ".jpg");
                json.writeNumberField("id", id);
                json.writeEndObject();
            }
            json.writeEndArray();

            json.writeArrayFieldStart("annotations");
            for (int i = 0; i < ANNOTATIONS; i++) {
                // Every annotated image gets one annotation, the rest go to random annotated images.
                int imageId = i < annotated.size() ? annotated.get(i) : annotated.get(random.nextInt(annotated.size()));
                writeAnnotation(json, random, i, imageId);
            }
            json.writeEndArray();

            json.writeArrayFieldStart("categories");
            for (String category : CATEGORIES) {
                int colon = category.indexOf(':');
                json.writeStartObject();
                json.writeStringField("supercategory", "thing");
                json.writeNumberField("id", Integer.parseInt(category.substring(0, colon)));
                json.writeStringField("name", category.substring(colon + 1));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private static void writeAnnotation(JsonGenerator json, Random random, int index, int imageId) throws IOException {
        boolean crowd = random.nextInt(100) == 0;
        json.writeStartObject();

        if (crowd) {
            json.writeObjectFieldStart("segmentation");
            json.writeArrayFieldStart("counts");
            int runs = 20 + random.nextInt(60);
            for (int run = 0; run < runs; run++) {
                json.writeNumber(random.nextInt(5000));
            }
            json.writeEndArray();
            json.writeArrayFieldStart("size");
            json.writeNumber(480);
            json.writeNumber(640);
            json.writeEndArray();
            json.writeEndObject();
        } else {
            json.writeArrayFieldStart("segmentation");
            json.writeStartArray();
            int points = 8 + random.nextInt(36);
            for (int point = 0; point < 2 * points; point++) {
                json.writeNumber(Math.round(random.nextDouble() * 64_000) / 100.0);
            }
            json.writeEndArray();
            json.writeEndArray();
        }

        json.writeNumberField("area", Math.round(random.nextDouble() * 5_000_000) / 100.0);
        json.writeNumberField("iscrowd", crowd ? 1 : 0);
        json.writeNumberField("image_id", imageId);
        json.writeArrayFieldStart("bbox");
        for (int k = 0; k < 4; k++) {
            json.writeNumber(Math.round(random.nextDouble() * 48_000) / 100.0);
        }
        json.writeEndArray();
        json.writeNumberField("category_id", categoryId(random));
        json.writeNumberField("id", 900_000 + index);
        json.writeEndObject();
    }

    /** Draws a category id with a skewed frequency: person in about 27% of the annotations (COCO train 2017: about 30%). */
    private static int categoryId(Random random) {
        String category = random.nextInt(4) == 0 ? CATEGORIES[0]
                : CATEGORIES[Math.min(CATEGORIES.length - 1, (int) (Math.abs(random.nextGaussian()) * 25))];
        return Integer.parseInt(category.substring(0, category.indexOf(':')));
    }
}
