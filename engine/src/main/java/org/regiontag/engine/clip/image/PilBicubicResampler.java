package org.regiontag.engine.clip.image;

/**
 * Bicubic resizing of 8-bit images that reproduces Pillow's {@code Image.resize(size, BICUBIC)}
 * (checked against Pillow 9.4) bit for bit, because CLIP's reference preprocessing, OpenAI's and
 * Hugging Face's alike, resizes with Pillow.
 *
 * <p>Pillow's algorithm: a separable convolution with Keys' cubic kernel ({@code a = -0.5}),
 * widened by the scale factor when shrinking (so it anti-aliases), weights normalised to sum to
 * one and rounded to 22-bit fixed point; the horizontal pass runs first and its result is rounded
 * and clipped to 8 bits before the vertical pass.
 */
public final class PilBicubicResampler {

    /** Pillow's fixed-point precision for 8-bit images: 32 bits minus 8 for the pixel, minus 2 for sums. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    /** Support of the bicubic kernel in input pixels at scale 1. */
    private static final double SUPPORT = 2.0;
    /** Pillow's cubic convolution constant (PyTorch's is -0.75). */
    private static final double A = -0.5;

    private PilBicubicResampler() {
    }

    /**
     * Resizes planar 8-bit channels.
     *
     * @param channels one array per channel, each {@code height * width} values in 0..255, row-major
     * @return one array per channel, each {@code outHeight * outWidth} values in 0..255
     */
    public static int[][] resize(int[][] channels, int width, int height, int outWidth, int outHeight) {
        if (width <= 0 || height <= 0 || outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + width + "x" + height
                    + " -> " + outWidth + "x" + outHeight);
        }
        int[][] result = new int[channels.length][];
        Coefficients horizontal = width == outWidth ? null : Coefficients.of(width, outWidth);
        Coefficients vertical = height == outHeight ? null : Coefficients.of(height, outHeight);
        for (int c = 0; c < channels.length; c++) {
            int[] plane = channels[c];
            if (horizontal != null) {
                plane = resampleRows(plane, width, height, horizontal);
            }
            if (vertical != null) {
                plane = resampleColumns(plane, outWidth, height, vertical);
            }
            result[c] = plane == channels[c] ? plane.clone() : plane;
        }
        return result;
    }

    private static int[] resampleRows(int[] plane, int width, int height, Coefficients coefficients) {
        int outWidth = coefficients.outSize;
        int[] out = new int[outWidth * height];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < outWidth; x++) {
                int first = coefficients.first[x];
                int count = coefficients.count[x];
                int offset = x * coefficients.kernelSize;
                int sum = 1 << (PRECISION_BITS - 1);
                for (int k = 0; k < count; k++) {
                    sum += plane[row + first + k] * coefficients.weights[offset + k];
                }
                out[y * outWidth + x] = clip8(sum);
            }
        }
        return out;
    }

    private static int[] resampleColumns(int[] plane, int width, int height, Coefficients coefficients) {
        int outHeight = coefficients.outSize;
        int[] out = new int[width * outHeight];
        for (int y = 0; y < outHeight; y++) {
            int first = coefficients.first[y];
            int count = coefficients.count[y];
            int offset = y * coefficients.kernelSize;
            for (int x = 0; x < width; x++) {
                int sum = 1 << (PRECISION_BITS - 1);
                for (int k = 0; k < count; k++) {
                    sum += plane[(first + k) * width + x] * coefficients.weights[offset + k];
                }
                out[y * width + x] = clip8(sum);
            }
        }
        return out;
    }

    private static int clip8(int sum) {
        return Math.min(255, Math.max(0, sum >> PRECISION_BITS));
    }

    private static double bicubic(double x) {
        double distance = Math.abs(x);
        if (distance < 1.0) {
            return ((A + 2.0) * distance - (A + 3.0)) * distance * distance + 1;
        }
        if (distance < 2.0) {
            return (((distance - 5) * distance + 8) * distance - 4) * A;
        }
        return 0.0;
    }

    /** Fixed-point weights of every output sample along one axis, as Pillow's {@code precompute_coeffs}. */
    private static final class Coefficients {
        final int outSize;
        final int kernelSize;
        final int[] first;
        final int[] count;
        final int[] weights;

        private Coefficients(int outSize, int kernelSize) {
            this.outSize = outSize;
            this.kernelSize = kernelSize;
            this.first = new int[outSize];
            this.count = new int[outSize];
            this.weights = new int[outSize * kernelSize];
        }

        static Coefficients of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            int kernelSize = (int) Math.ceil(support) * 2 + 1;
            Coefficients coefficients = new Coefficients(outSize, kernelSize);
            double inverseScale = 1.0 / filterScale;
            double[] kernel = new double[kernelSize];
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                // C's (int) cast truncates toward zero, as Java's does.
                int min = Math.max((int) (center - support + 0.5), 0);
                int max = Math.min((int) (center + support + 0.5), inSize) - min;
                double total = 0.0;
                for (int k = 0; k < max; k++) {
                    kernel[k] = bicubic((k + min - center + 0.5) * inverseScale);
                    total += kernel[k];
                }
                for (int k = 0; k < max; k++) {
                    double weight = total != 0.0 ? kernel[k] / total : kernel[k];
                    double fixed = weight * (1 << PRECISION_BITS);
                    coefficients.weights[i * kernelSize + k] = (int) (weight < 0 ? fixed - 0.5 : fixed + 0.5);
                }
                coefficients.first[i] = min;
                coefficients.count[i] = max;
            }
            return coefficients;
        }
    }
}
