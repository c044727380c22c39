package org.regiontag.engine.clip.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.Djl;

class BicubicResizeTest {

    @Test
    void sameSizeIsIdentity() {
        double[][] weights = BicubicResize.weights(5, 5);

        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertThat(weights[i][j]).as("weight (%d, %d)", i, j).isCloseTo(i == j ? 1 : 0, within(1e-12));
            }
        }
    }

    @Test
    void everyRowSumsToOne() {
        for (int[] sizes : new int[][] {{10, 8}, {3, 7}, {7, 2}, {1, 4}}) {
            for (double[] row : BicubicResize.weights(sizes[0], sizes[1])) {
                assertThat(java.util.Arrays.stream(row).sum()).isCloseTo(1.0, within(1e-12));
            }
        }
    }

    @Test
    void upsamplingTwoToFourUsesKeysWeights() {
        // Keys' kernel with a = -0.75 at distances 1.75, 0.75, 0.25 and 1.25, worked by hand:
        // -0.03515625, 0.26171875, 0.87890625 and -0.10546875 (they sum to 1).
        // Output 0 samples the input at -0.25: its taps -2, -1, 0 and 1 clamp to inputs 0, 0, 0 and 1.
        // Output 1 samples it at 0.25: its taps -1, 0, 1 and 2 clamp to inputs 0, 0, 1 and 1.
        double[][] weights = BicubicResize.weights(4, 2);

        assertThat(weights[0][0]).isCloseTo(-0.03515625 + 0.26171875 + 0.87890625, within(1e-12));
        assertThat(weights[0][1]).isCloseTo(-0.10546875, within(1e-12));
        assertThat(weights[1][0]).isCloseTo(-0.10546875 + 0.87890625, within(1e-12));
        assertThat(weights[1][1]).isCloseTo(0.26171875 - 0.03515625, within(1e-12));
    }

    @Test
    void resizeKeepsChannelsApart() {
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray grid = manager.arange(18f).reshape(3, 3, 2);

            NDArray resized = BicubicResize.resize(grid, 4, 5);

            assertThat(resized.getShape()).isEqualTo(new Shape(4, 5, 2));
            NDArray again = BicubicResize.resize(grid, 3, 3);
            assertThat(again.sub(grid).abs().max().getFloat()).isLessThan(1e-6f);
        }
    }
}
