package org.regiontag.engine.clip.nn;

/**
 * Weights of PyTorch's bicubic resampling along one axis, as
 * {@code torch.nn.functional.interpolate(mode="bicubic", align_corners=False)} computes them for a
 * given output size: source coordinate {@code (i + 0.5) * in / out - 0.5}, Keys' cubic
 * convolution with {@code A = -0.75}, indices clamped at the borders, no anti-aliasing.
 *
 * <p>Bicubic resampling in 2-D is separable, so {@code W_h · grid · W_wᵀ} with the two weight
 * matrices reproduces PyTorch's result, and as matrix products it stays differentiable.
 */
public final class BicubicInterpolation {

    /** The cubic convolution constant that PyTorch (and OpenCV) use; Pillow uses -0.5. */
    private static final float A = -0.75f;

    private BicubicInterpolation() {
    }

    /**
     * Row-major weight matrix {@code (outSize, inSize)}: row {@code i} holds the weights that
     * output sample {@code i} gives each input sample.
     */
    public static float[] weights(int inSize, int outSize) {
        if (inSize <= 0 || outSize <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + inSize + " -> " + outSize);
        }
        float[] matrix = new float[outSize * inSize];
        // float arithmetic, as PyTorch's kernel uses for float32 tensors
        float scale = (float) inSize / outSize;
        for (int i = 0; i < outSize; i++) {
            float source = scale * (i + 0.5f) - 0.5f;
            int floor = (int) Math.floor(source);
            float t = source - floor;
            float[] coefficients = {
                cubicOuter(t + 1f), cubicInner(t), cubicInner(1f - t), cubicOuter(2f - t),
            };
            for (int k = 0; k < 4; k++) {
                int index = Math.min(Math.max(floor - 1 + k, 0), inSize - 1);
                matrix[i * inSize + index] += coefficients[k];
            }
        }
        return matrix;
    }

    /** Keys' kernel for {@code |x| <= 1}. */
    private static float cubicInner(float x) {
        return ((A + 2f) * x - (A + 3f)) * x * x + 1f;
    }

    /** Keys' kernel for {@code 1 < |x| < 2}. */
    private static float cubicOuter(float x) {
        return ((A * x - 5f * A) * x + 8f * A) * x - 4f * A;
    }
}
