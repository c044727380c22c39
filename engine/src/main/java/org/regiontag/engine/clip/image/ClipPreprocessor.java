package org.regiontag.engine.clip.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.List;

/**
 * Turns an upright RGB image into CLIP's input tensor.
 *
 * <p>Two modes: {@link #centerCrop} is the checkpoint's own preprocessing (the shortest side
 * resized bicubically, then a centre crop, as Hugging Face's {@code CLIPImageProcessor} does it),
 * for image embeddings; {@link #square} resizes the whole image to a square without cropping, so
 * that dense features and heatmaps cover the whole picture. Both resize with
 * {@link PilBicubicResampler} (Pillow's bicubic, bit for bit), then scale to [0, 1] and normalise
 * with the configured mean and standard deviation.
 *
 * <p>The image must already be decoded and upright (EXIF orientation applied) and in sRGB.
 */
public final class ClipPreprocessor {

    private final PreprocessConfig config;

    public ClipPreprocessor(PreprocessConfig config) {
        this.config = config;
    }

    public PreprocessConfig config() {
        return config;
    }

    /**
     * Resizes the shortest side to {@code resizeShortestEdge} (the other side in proportion,
     * truncated as Hugging Face and torchvision compute it), then crops the centre square of
     * {@code cropSize}; the crop's top-left corner is rounded down, as Hugging Face's
     * {@code center_crop} rounds it.
     *
     * @return CHW floats, {@code 3 * cropSize * cropSize} values
     */
    public float[] centerCrop(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int shortest = config.resizeShortestEdge();
        int outWidth;
        int outHeight;
        if (width <= height) {
            outWidth = shortest;
            outHeight = (int) ((long) shortest * height / width);
        } else {
            outHeight = shortest;
            outWidth = (int) ((long) shortest * width / height);
        }
        int[][] resized = PilBicubicResampler.resize(channels(image), width, height, outWidth, outHeight);

        int crop = config.cropSize();
        // A crop larger than the resized image is padded with zeros, as Hugging Face pads it.
        int top = Math.floorDiv(outHeight - crop, 2);
        int left = Math.floorDiv(outWidth - crop, 2);
        return normalise(resized, outWidth, outHeight, left, top, crop, crop);
    }

    /**
     * Resizes the whole image to {@code size × size} without keeping the aspect ratio.
     *
     * @return CHW floats, {@code 3 * size * size} values
     */
    public float[] square(BufferedImage image, int size) {
        int[][] resized = PilBicubicResampler.resize(channels(image), image.getWidth(), image.getHeight(), size, size);
        return normalise(resized, size, size, 0, 0, size, size);
    }

    /** {@link #centerCrop} as an array {@code (3, cropSize, cropSize)} on {@code manager}. */
    public NDArray centerCrop(NDManager manager, BufferedImage image) {
        int crop = config.cropSize();
        return manager.create(centerCrop(image), new Shape(3, crop, crop)); // (3, crop, crop)
    }

    /** {@link #square} as an array {@code (3, size, size)} on {@code manager}. */
    public NDArray square(NDManager manager, BufferedImage image, int size) {
        return manager.create(square(image, size), new Shape(3, size, size)); // (3, size, size)
    }

    /** {@link #centerCrop} of several images, as {@code (batch, 3, cropSize, cropSize)}. */
    public NDArray centerCropBatch(NDManager manager, List<BufferedImage> images) {
        int crop = config.cropSize();
        int plane = 3 * crop * crop;
        float[] batch = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(centerCrop(images.get(i)), 0, batch, i * plane, plane);
        }
        return manager.create(batch, new Shape(images.size(), 3, crop, crop)); // (batch, 3, crop, crop)
    }

    /** {@link #square} of several images, as {@code (batch, 3, size, size)}. */
    public NDArray squareBatch(NDManager manager, List<BufferedImage> images, int size) {
        int plane = 3 * size * size;
        float[] batch = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(square(images.get(i), size), 0, batch, i * plane, plane);
        }
        return manager.create(batch, new Shape(images.size(), 3, size, size)); // (batch, 3, size, size)
    }

    private float[] normalise(int[][] channels, int width, int height, int left, int top, int outWidth,
            int outHeight) {
        float[] mean = config.mean();
        float[] std = config.std();
        float[] out = new float[3 * outWidth * outHeight];
        for (int c = 0; c < 3; c++) {
            int[] plane = channels[c];
            int base = c * outWidth * outHeight;
            for (int y = 0; y < outHeight; y++) {
                int sourceY = top + y;
                for (int x = 0; x < outWidth; x++) {
                    int sourceX = left + x;
                    boolean inside = sourceY >= 0 && sourceY < height && sourceX >= 0 && sourceX < width;
                    int value = inside ? plane[sourceY * width + sourceX] : 0;
                    float scaled = (float) (value / 255.0);
                    out[base + y * outWidth + x] = (scaled - mean[c]) / std[c];
                }
            }
        }
        return out;
    }

    /** Splits an image into R, G and B planes of 0..255; gray images repeat their one channel. */
    static int[][] channels(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("the image has no pixels (" + width + " x " + height + ")");
        }
        int[][] planes = new int[3][width * height];
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            // getRGB would treat these values as linear gray and brighten them; they are sRGB already.
            Raster raster = image.getRaster();
            int[] gray = raster.getSamples(0, 0, width, height, 0, (int[]) null);
            for (int c = 0; c < 3; c++) {
                System.arraycopy(gray, 0, planes[c], 0, gray.length);
            }
            return planes;
        }
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                planes[0][y * width + x] = (argb >> 16) & 0xff;
                planes[1][y * width + x] = (argb >> 8) & 0xff;
                planes[2][y * width + x] = argb & 0xff;
            }
        }
        return planes;
    }
}
