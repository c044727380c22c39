package org.regiontag.db.io.coco;

import java.util.List;

/**
 * The image-level facts of a COCO instances file, without boxes or masks.
 *
 * @param images the images in file order
 * @param categories the categories in file order
 * @param presence for each image (by index), a bit set over the category indexes: bit
 *     {@code c % 64} of word {@code image * wordsPerImage + c / 64} is set when the image has an
 *     annotation of category {@code c}
 * @param wordsPerImage the number of {@code long} words per image in {@code presence}
 * @param annotationCount the number of annotations
 * @param crowdCount the number of annotations with {@code iscrowd} set
 * @param hasAnnotationsArray whether the file has an {@code annotations} array (image info files have none)
 * @param imageLabels the cells of the {@code image_labels} extension that RegionTag's export writes,
 *     or {@code null} when the file has no such field
 */
record CocoInstances(List<Image> images, List<Category> categories, long[] presence, int wordsPerImage,
        long annotationCount, long crowdCount, boolean hasAnnotationsArray, ImageLabels imageLabels) {

    /**
     * The cells that the {@code image_labels} extension lists, as bit sets laid out like
     * {@code presence}.
     *
     * @param positive the cells listed as positive
     * @param negative the cells listed as negative
     * @param entries the number of entries with a known state
     */
    record ImageLabels(long[] positive, long[] negative, int entries) {
    }

    /**
     * @param id the image id as written in the file (an integer of any size, or a string)
     * @param fileName the {@code file_name} as written
     * @param width the {@code width}, or 0 when absent or not a number
     * @param height the {@code height}, or 0 when absent or not a number
     */
    record Image(String id, String fileName, int width, int height) {
    }

    /**
     * @param id the category id as written in the file (an integer of any size, or a string)
     * @param name the category's name with surrounding whitespace removed
     */
    record Category(String id, String name) {
    }

    /** Returns whether image {@code image} has an annotation of category {@code category}. */
    boolean isPresent(int image, int category) {
        return (presence[image * wordsPerImage + category / 64] & (1L << (category % 64))) != 0;
    }

    /** Returns whether the {@code image_labels} extension lists the cell as positive (false without the extension). */
    boolean isLabelledPositive(int image, int category) {
        return imageLabels != null && isSet(imageLabels.positive(), image, category);
    }

    /** Returns whether the {@code image_labels} extension lists the cell as negative (false without the extension). */
    boolean isLabelledNegative(int image, int category) {
        return imageLabels != null && isSet(imageLabels.negative(), image, category);
    }

    private boolean isSet(long[] bits, int image, int category) {
        return (bits[image * wordsPerImage + category / 64] & (1L << (category % 64))) != 0;
    }

    /** Returns whether image {@code image} has at least one annotation. */
    boolean isAnnotated(int image) {
        for (int word = 0; word < wordsPerImage; word++) {
            if (presence[image * wordsPerImage + word] != 0) {
                return true;
            }
        }
        return false;
    }
}
