package org.regiontag.db.io.coco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.coco.CocoInstances.Category;
import org.regiontag.db.io.coco.CocoInstances.Image;

/**
 * Parses a COCO instances file with Jackson's streaming parser, so that no tree of a large file
 * (COCO train 2017 is 450 MB) is built. Each annotation is reduced to two ints as it is read, and
 * to a presence bit at the end.
 *
 * <p>Ids are kept as written (an integer of any size, or a string) and compared as text. The
 * top-level arrays may come in any order. Errors name the JSON location and the field path, such
 * as {@code images[12].id}.
 */
final class CocoInstancesParser {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.coco.messages",
            CocoInstancesParser.class);
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int DUPLICATES_LISTED = 5;
    /** The extension field in which RegionTag's COCO export writes image-level labels. */
    static final String IMAGE_LABELS = "image_labels";
    private static final byte LABEL_POSITIVE = 1;
    private static final byte LABEL_NEGATIVE = 2;

    private final Path file;
    private JsonParser parser;

    private final List<Image> images = new ArrayList<>();
    private final Map<String, Integer> imageIndexById = new HashMap<>();
    private final List<Category> categories = new ArrayList<>();
    private final Map<String, Integer> categoryIndexById = new HashMap<>();
    private boolean imagesRead;
    private boolean categoriesRead;
    private boolean annotationsRead;

    private long[] presence;
    private int wordsPerImage;
    private int annotationCount;
    private long crowdCount;

    // Each annotation as a pair of codes of its image and category ids, resolved once every
    // array has been read, because COCO files list the categories after the annotations.
    // Where the images or categories came first (as usual for images), the codes are their indexes.
    private final KeyCodes imageCodes = new KeyCodes();
    private final KeyCodes categoryCodes = new KeyCodes();
    private boolean imageCodesAreIndexes;
    private boolean categoryCodesAreIndexes;
    private int[] annotationImageCodes = new int[1024];
    private int[] annotationCategoryCodes = new int[1024];

    // The entries of the image_labels extension, kept as codes like the annotations.
    private boolean imageLabelsRead;
    private boolean labelImageCodesAreIndexes;
    private boolean labelCategoryCodesAreIndexes;
    private int imageLabelCount;
    private int[] labelImageCodes = new int[1024];
    private int[] labelCategoryCodes = new int[1024];
    private byte[] labelStates = new byte[1024];
    /** The index of each kept entry in the file's array, for messages (unknown entries are not kept). */
    private int[] labelEntries = new int[1024];
    private CocoInstances.ImageLabels imageLabels;

    private CocoInstancesParser(Path file) {
        this.file = file;
    }

    /**
     * Parses one instances file.
     *
     * @throws UserInputException when the file cannot be read, is not valid JSON or not a COCO
     *     instances file, or has duplicate or unknown ids
     */
    static CocoInstances parse(Path file) {
        return new CocoInstancesParser(file).parse();
    }

    private CocoInstances parse() {
        try (InputStream in = Files.newInputStream(file); JsonParser json = JSON.createParser(in)) {
            parser = json;
            readTopLevel();
        } catch (StreamReadException e) {
            throw new UserInputException(MESSAGES.format("json.invalid", at(e.getLocation()),
                    fieldPath(e.getProcessor() == null ? null : e.getProcessor().getParsingContext()),
                    oneLine(e.getOriginalMessage())), e);
        } catch (NoSuchFileException e) {
            throw new UserInputException(MESSAGES.format("file.notFound", file), e);
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("file.unreadable", file, e.getMessage()), e);
        }

        if (!imagesRead) {
            throw new UserInputException(MESSAGES.format("json.noImages", file));
        }
        if (!categoriesRead) {
            throw new UserInputException(MESSAGES.format("json.noCategories", file));
        }
        resolveAnnotations();
        resolveImageLabels();
        return new CocoInstances(images, categories, presence, wordsPerImage, annotationCount, crowdCount,
                annotationsRead, imageLabels);
    }

    private void readTopLevel() throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw problem("json.notObject");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "images" -> {
                    expectArray(value);
                    readImages();
                }
                case "categories" -> {
                    expectArray(value);
                    readCategories();
                }
                case "annotations" -> {
                    expectArray(value);
                    readAnnotations();
                }
                case IMAGE_LABELS -> {
                    expectArray(value);
                    readImageLabels();
                }
                default -> parser.skipChildren();
            }
        }
    }

    private void expectArray(JsonToken token) {
        if (token != JsonToken.START_ARRAY) {
            throw problem("json.notArray", describe(token));
        }
    }

    private void readImages() throws IOException {
        Set<String> duplicates = new LinkedHashSet<>();
        JsonLocation firstDuplicate = null;
        String firstDuplicatePath = null;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            expectObject();
            String id = null;
            String fileName = null;
            int width = 0;
            int height = 0;
            JsonLocation idLocation = null;
            String idPath = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "id" -> {
                        id = readId();
                        idLocation = parser.currentTokenLocation();
                        idPath = fieldPath(parser.getParsingContext());
                    }
                    case "file_name" -> fileName = readString();
                    case "width" -> width = readSize();
                    case "height" -> height = readSize();
                    default -> parser.skipChildren();
                }
            }
            if (id == null) {
                throw problem("image.noId");
            }
            if (fileName == null || fileName.isBlank()) {
                throw problem("image.noFileName", id);
            }
            Integer earlier = imageIndexById.putIfAbsent(id, images.size());
            if (earlier != null) {
                if (duplicates.isEmpty()) {
                    firstDuplicate = idLocation;
                    firstDuplicatePath = idPath;
                }
                duplicates.add(id);
                continue;
            }
            images.add(new Image(id, fileName, width, height));
        }
        if (!duplicates.isEmpty()) {
            throw new UserInputException(MESSAGES.format("image.duplicateIds", at(firstDuplicate), firstDuplicatePath,
                    listed(duplicates), duplicates.size()));
        }
        imagesRead = true;
    }

    private void readCategories() throws IOException {
        Set<String> duplicates = new LinkedHashSet<>();
        JsonLocation firstDuplicate = null;
        String firstDuplicatePath = null;
        Map<String, String> idByName = new HashMap<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            expectObject();
            String id = null;
            String name = null;
            JsonLocation idLocation = null;
            String idPath = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "id" -> {
                        id = readId();
                        idLocation = parser.currentTokenLocation();
                        idPath = fieldPath(parser.getParsingContext());
                    }
                    case "name" -> name = readString();
                    default -> parser.skipChildren();
                }
            }
            if (id == null) {
                throw problem("category.noId");
            }
            if (name == null || name.isBlank()) {
                throw problem("category.noName", id);
            }
            name = name.strip();
            Integer earlier = categoryIndexById.putIfAbsent(id, categories.size());
            if (earlier != null) {
                if (duplicates.isEmpty()) {
                    firstDuplicate = idLocation;
                    firstDuplicatePath = idPath;
                }
                duplicates.add(id);
                continue;
            }
            String sameName = idByName.putIfAbsent(name, id);
            if (sameName != null) {
                throw problem("category.duplicateName", name, sameName, id);
            }
            categories.add(new Category(id, name));
        }
        if (!duplicates.isEmpty()) {
            throw new UserInputException(MESSAGES.format("category.duplicateIds", at(firstDuplicate), firstDuplicatePath,
                    listed(duplicates), duplicates.size()));
        }
        categoriesRead = true;
    }

    private void readAnnotations() throws IOException {
        annotationsRead = true;
        imageCodesAreIndexes = imagesRead;
        categoryCodesAreIndexes = categoriesRead;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            expectObject();
            String id = null;
            String imageId = null;
            String categoryId = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> {
                        // Only for messages, so any scalar will do.
                        if (value.isScalarValue()) {
                            id = parser.getText();
                        } else {
                            parser.skipChildren();
                        }
                    }
                    case "image_id" -> imageId = readId();
                    case "category_id" -> categoryId = readId();
                    case "iscrowd" -> {
                        if (isSet(value)) {
                            crowdCount++;
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            int index = annotationCount;
            if (imageId == null) {
                throw problem("annotation.noImageId", annotationName(index, id));
            }
            if (categoryId == null) {
                throw problem("annotation.noCategoryId", annotationName(index, id));
            }
            addAnnotation(index, id, imageId, categoryId);
        }
    }

    private void addAnnotation(int index, String id, String imageId, String categoryId) {
        if (annotationCount == annotationImageCodes.length) {
            if (annotationCount >= Integer.MAX_VALUE - 8) {
                throw problem("annotation.tooMany");
            }
            int grown = (int) Math.min(Integer.MAX_VALUE - 8L, annotationCount * 2L);
            annotationImageCodes = Arrays.copyOf(annotationImageCodes, grown);
            annotationCategoryCodes = Arrays.copyOf(annotationCategoryCodes, grown);
        }
        int imageCode = imageCodesAreIndexes
                ? indexOf(imageIndexById, imageId, index, id, "annotation.unknownImage")
                : imageCodes.codeOf(imageId, () -> annotationName(index, id), parser::currentLocation);
        int categoryCode = categoryCodesAreIndexes
                ? indexOf(categoryIndexById, categoryId, index, id, "annotation.unknownCategory")
                : categoryCodes.codeOf(categoryId, () -> annotationName(index, id), parser::currentLocation);
        annotationImageCodes[annotationCount] = imageCode;
        annotationCategoryCodes[annotationCount] = categoryCode;
        annotationCount++;
    }

    private int indexOf(Map<String, Integer> indexById, String key, int index, String id, String unknownKey) {
        return indexOf(indexById, key, annotationName(index, id), unknownKey);
    }

    private int indexOf(Map<String, Integer> indexById, String key, String user, String unknownKey) {
        Integer found = indexById.get(key);
        if (found == null) {
            throw new UserInputException(MESSAGES.format(unknownKey, at(parser.currentLocation()), user, key));
        }
        return found;
    }

    /** Turns the annotations' codes into image and category indexes and sets the presence bits. */
    private void resolveAnnotations() {
        int[] imageIndexOfCode = imageCodesAreIndexes ? null
                : indexesOf(imageCodes, imageIndexById, "annotation.unknownImage");
        int[] categoryIndexOfCode = categoryCodesAreIndexes ? null
                : indexesOf(categoryCodes, categoryIndexById, "annotation.unknownCategory");
        wordsPerImage = Math.max(1, (categories.size() + 63) / 64);
        presence = new long[images.size() * wordsPerImage];
        for (int i = 0; i < annotationCount; i++) {
            int image = imageIndexOfCode == null ? annotationImageCodes[i] : imageIndexOfCode[annotationImageCodes[i]];
            int category = categoryIndexOfCode == null ? annotationCategoryCodes[i]
                    : categoryIndexOfCode[annotationCategoryCodes[i]];
            presence[image * wordsPerImage + category / 64] |= 1L << (category % 64);
        }
        annotationImageCodes = null;
        annotationCategoryCodes = null;
    }

    private int[] indexesOf(KeyCodes codes, Map<String, Integer> indexById, String unknownKey) {
        int[] indexes = new int[codes.size()];
        for (int code = 0; code < codes.size(); code++) {
            Integer index = indexById.get(codes.key(code));
            if (index == null) {
                throw new UserInputException(MESSAGES.format(unknownKey, at(codes.firstLocation(code)),
                        codes.firstUser(code), codes.key(code)));
            }
            indexes[code] = index;
        }
        return indexes;
    }

    /**
     * Reads the {@code image_labels} extension: objects with {@code image_id}, {@code category_id} and
     * {@code state} ({@code positive}, {@code negative} or {@code unknown}); other fields, such as the
     * provenance an export adds, are ignored.
     */
    private void readImageLabels() throws IOException {
        imageLabelsRead = true;
        labelImageCodesAreIndexes = imagesRead;
        labelCategoryCodesAreIndexes = categoriesRead;
        int entry = -1;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            entry++;
            expectObject();
            String imageId = null;
            String categoryId = null;
            String state = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "image_id" -> imageId = readId();
                    case "category_id" -> categoryId = readId();
                    case "state" -> state = readString();
                    default -> parser.skipChildren();
                }
            }
            String name = IMAGE_LABELS + "[" + entry + "]";
            if (imageId == null) {
                throw problem("imageLabel.noImageId");
            }
            if (categoryId == null) {
                throw problem("imageLabel.noCategoryId");
            }
            String value = state == null ? "" : state.strip().toLowerCase(Locale.ROOT);
            byte code = switch (value) {
                case "positive" -> LABEL_POSITIVE;
                case "negative" -> LABEL_NEGATIVE;
                case "unknown" -> 0;
                default -> throw problem("imageLabel.badState", state == null ? "" : state);
            };
            if (code != 0) {
                addImageLabel(entry, name, imageId, categoryId, code);
            }
        }
    }

    private void addImageLabel(int entry, String name, String imageId, String categoryId, byte state) {
        if (imageLabelCount == labelImageCodes.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8L, imageLabelCount * 2L);
            labelImageCodes = Arrays.copyOf(labelImageCodes, grown);
            labelCategoryCodes = Arrays.copyOf(labelCategoryCodes, grown);
            labelStates = Arrays.copyOf(labelStates, grown);
            labelEntries = Arrays.copyOf(labelEntries, grown);
        }
        labelImageCodes[imageLabelCount] = labelImageCodesAreIndexes
                ? indexOf(imageIndexById, imageId, name, "imageLabel.unknownImage")
                : imageCodes.codeOf(imageId, () -> name, parser::currentLocation);
        labelCategoryCodes[imageLabelCount] = labelCategoryCodesAreIndexes
                ? indexOf(categoryIndexById, categoryId, name, "imageLabel.unknownCategory")
                : categoryCodes.codeOf(categoryId, () -> name, parser::currentLocation);
        labelStates[imageLabelCount] = state;
        labelEntries[imageLabelCount] = entry;
        imageLabelCount++;
    }

    /**
     * Turns the {@code image_labels} entries into positive and negative bits, after the annotations'
     * presence bits are set: a cell that one entry calls positive and another negative, or that an
     * entry calls negative while an annotation marks it present, stops the import.
     */
    private void resolveImageLabels() {
        if (!imageLabelsRead) {
            return;
        }
        int[] imageIndexOfCode = labelImageCodesAreIndexes ? null
                : indexesOf(imageCodes, imageIndexById, "annotation.unknownImage");
        int[] categoryIndexOfCode = labelCategoryCodesAreIndexes ? null
                : indexesOf(categoryCodes, categoryIndexById, "annotation.unknownCategory");
        long[] positive = new long[presence.length];
        long[] negative = new long[presence.length];
        for (int i = 0; i < imageLabelCount; i++) {
            int image = imageIndexOfCode == null ? labelImageCodes[i] : imageIndexOfCode[labelImageCodes[i]];
            int category = categoryIndexOfCode == null ? labelCategoryCodes[i]
                    : categoryIndexOfCode[labelCategoryCodes[i]];
            int word = image * wordsPerImage + category / 64;
            long bit = 1L << (category % 64);
            boolean isPositive = labelStates[i] == LABEL_POSITIVE;
            if (isPositive ? (negative[word] & bit) != 0 : (positive[word] & bit) != 0) {
                throw new UserInputException(MESSAGES.format("imageLabel.conflict", file, labelName(i),
                        images.get(image).id(), categories.get(category).name()));
            }
            if (!isPositive && (presence[word] & bit) != 0) {
                throw new UserInputException(MESSAGES.format("imageLabel.negativeButAnnotated", file,
                        labelName(i), images.get(image).id(), categories.get(category).name()));
            }
            (isPositive ? positive : negative)[word] |= bit;
        }
        imageLabels = new CocoInstances.ImageLabels(positive, negative, imageLabelCount);
        labelImageCodes = null;
        labelCategoryCodes = null;
        labelStates = null;
        labelEntries = null;
    }

    private String labelName(int kept) {
        return IMAGE_LABELS + "[" + labelEntries[kept] + "]";
    }

    private void expectObject() {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw problem("json.notObjectElement", describe(parser.currentToken()));
        }
    }

    /** Reads an id: an integer of any size or a string, as written. */
    private String readId() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw problem("json.badId", describe(token));
    }

    private String readString() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw problem("json.notString", describe(token));
    }

    /**
     * Reads a width or height leniently. The writer reads the size from the image header when the
     * file states none, so a missing, negative or non-numeric value is 0 (not stated).
     */
    private int readSize() throws IOException {
        JsonToken token = parser.currentToken();
        double size;
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            size = parser.getDoubleValue();
        } else if (token == JsonToken.VALUE_STRING) {
            try {
                size = Double.parseDouble(parser.getText().strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        } else {
            parser.skipChildren();
            return 0;
        }
        return size >= 1 && size <= Integer.MAX_VALUE ? (int) Math.round(size) : 0;
    }

    /** Reads whether an {@code iscrowd} value is set: a non-zero number or {@code true}. */
    private boolean isSet(JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue() != 0;
        }
        if (!token.isScalarValue()) {
            parser.skipChildren();
        }
        return token == JsonToken.VALUE_TRUE;
    }

    private UserInputException problem(String key, Object... args) {
        Object[] all = new Object[args.length + 2];
        all[0] = at(parser.currentTokenLocation());
        all[1] = fieldPath(parser.getParsingContext());
        System.arraycopy(args, 0, all, 2, args.length);
        return new UserInputException(MESSAGES.format(key, all));
    }

    /** Returns {@code file:line:column}, or the file alone when the location is unknown. */
    private String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return file.toString();
        }
        return file + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    /** Returns the path of a value in the form {@code images[12].id}. */
    static String fieldPath(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.add("." + c.getCurrentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (int i = parts.size() - 1; i >= 0; i--) {
            path.append(parts.get(i));
        }
        String text = path.toString();
        return text.startsWith(".") ? text.substring(1) : text.isEmpty() ? "(top level)" : text;
    }

    private static String annotationName(int index, String id) {
        return id == null ? "annotations[" + index + "]" : "annotations[" + index + "] (id " + id + ")";
    }

    private static String listed(Set<String> ids) {
        List<String> first = new ArrayList<>();
        for (String id : ids) {
            if (first.size() == DUPLICATES_LISTED) {
                break;
            }
            first.add(id);
        }
        return String.join(", ", first);
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the file";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
