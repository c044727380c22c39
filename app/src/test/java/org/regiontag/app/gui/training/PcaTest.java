package org.regiontag.app.gui.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcaTest {

    @TempDir
    Path temp;

    @Test
    void pointsOnAxesProjectOntoThem() {
        // Uncorrelated spreads of 3 along axis 2 and 1 along axis 5 of an 8-dimensional space: the
        // components are those axes.
        float[][] points = new float[40][8];
        double[][] expected = new double[40][2];
        for (int i = 0; i < points.length; i++) {
            double a = i % 2 == 0 ? 3 : -3;
            double b = (i / 2) % 2 == 0 ? 1 : -1;
            points[i][2] = (float) a;
            points[i][5] = (float) b;
            expected[i][0] = a;
            expected[i][1] = b;
        }
        centre(expected);

        Pca.Projection projection = Pca.project(points, 2);

        for (int component = 0; component < 2; component++) {
            double sign = Math.signum(projection.scores()[0][component] * expected[0][component]);
            for (int i = 0; i < points.length; i++) {
                assertThat(projection.scores()[i][component]).isCloseTo(sign * expected[i][component], within(1e-5));
            }
        }
        assertThat(projection.explained(0) + projection.explained(1)).isCloseTo(1.0, within(1e-9));
        assertThat(projection.variances()[0]).isGreaterThan(projection.variances()[1]);
    }

    @Test
    void largestScoreOfEachComponentIsPositive() {
        float[][] points = randomPoints(30, 16, 2);

        Pca.Projection projection = Pca.project(points, 2);

        for (int component = 0; component < 2; component++) {
            double largest = 0;
            for (double[] score : projection.scores()) {
                if (Math.abs(score[component]) > Math.abs(largest)) {
                    largest = score[component];
                }
            }
            assertThat(largest).isPositive();
        }
    }

    @Test
    void emptyAndSinglePoint() {
        assertThat(Pca.project(new float[0][], 2).scores()).isEmpty();
        Pca.Projection single = Pca.project(new float[][] {{1, 2, 3}}, 2);
        assertThat(single.scores()[0]).containsExactly(0.0, 0.0);
        assertThat(single.totalVariance()).isZero();
    }

    /** Compares with numpy's SVD on random prototypes of CLIP's size; scores agree to 1e-6 of their range. */
    @Test
    @Tag("python")
    void matchesNumpySvd() throws Exception {
        assumeTrue(exitsCleanly("/usr/bin/python3", "-c", "import torch, numpy"),
                "/usr/bin/python3 with PyTorch is not installed; install python3-torch to run this test");
        float[][] points = randomPoints(60, 512, 9);

        Pca.Projection projection = Pca.project(points, 2);
        JsonNode reference = runReference(points, 2);

        double range = 0;
        for (JsonNode row : reference.get("scores")) {
            range = Math.max(range, Math.abs(row.get(0).asDouble()));
        }
        for (int i = 0; i < points.length; i++) {
            for (int component = 0; component < 2; component++) {
                assertThat(projection.scores()[i][component])
                        .isCloseTo(reference.get("scores").get(i).get(component).asDouble(), within(1e-6 * range));
            }
        }
        for (int component = 0; component < 2; component++) {
            assertThat(projection.variances()[component])
                    .isCloseTo(reference.get("variances").get(component).asDouble(), within(1e-6 * range * range));
        }
        assertThat(projection.totalVariance()).isCloseTo(reference.get("total_variance").asDouble(),
                within(1e-6 * range * range));
    }

    private JsonNode runReference(float[][] points, int components) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path cases = temp.resolve("cases.json");
        Path results = temp.resolve("results.json");
        json.writeValue(cases.toFile(), Map.of("points", points, "components", components));
        Process process = new ProcessBuilder("/usr/bin/python3",
                Path.of("src", "test", "python", "pca_reference.py").toAbsolutePath().toString(), cases.toString(),
                results.toString()).redirectErrorStream(true).redirectOutput(temp.resolve("python.log").toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(temp.resolve("python.log"))).isZero();
        return json.readTree(results.toFile());
    }

    /** Points in clusters with decreasing spread, so the leading components are well separated. */
    private static float[][] randomPoints(int count, int dimension, long seed) {
        Random random = new Random(seed);
        float[][] points = new float[count][dimension];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < dimension; j++) {
                points[i][j] = (float) (random.nextGaussian() / (1 + j));
            }
        }
        return points;
    }

    private static void centre(double[][] values) {
        for (int component = 0; component < values[0].length; component++) {
            double mean = 0;
            for (double[] row : values) {
                mean += row[component];
            }
            mean /= values.length;
            for (double[] row : values) {
                row[component] -= mean;
            }
        }
    }

    private static boolean exitsCleanly(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
