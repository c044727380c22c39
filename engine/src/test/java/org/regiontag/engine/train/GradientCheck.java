package org.regiontag.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.regiontag.engine.Djl;

/**
 * Compares autograd gradients with central finite differences in float64.
 *
 * <p>With step h = 1e-6 the central difference has a truncation error of order h² and a rounding
 * error of order 1e-16/h = 1e-10, far below the tolerance of {@link #TOLERANCE} (absolute plus
 * relative), which float64 autograd meets on every smooth function here.
 */
final class GradientCheck {

    static final double STEP = 1e-6;
    static final double TOLERANCE = 1e-6;

    private GradientCheck() {
    }

    /**
     * Checks d f / d input for every element of every named input.
     *
     * @param values float64 values by name; the output must depend on each of them
     * @param shapes the shape of each
     * @param function builds a scalar from arrays with the same names, in the given manager
     * @return the number of elements checked
     */
    static int check(Map<String, double[]> values, Map<String, Shape> shapes,
            BiFunction<NDManager, Map<String, NDArray>, NDArray> function) throws Exception {
        return TrainingExecutor.call(() -> {
            Engine engine = Djl.engine();
            try (NDManager manager = Djl.newBaseManager(ai.djl.Device.cpu())) {
                Map<String, double[]> analytic = new LinkedHashMap<>();
                try (NDManager sub = manager.newSubManager()) {
                    Map<String, NDArray> arrays = create(sub, values, shapes, null, 0, 0);
                    arrays.values().forEach(array -> array.setRequiresGradient(true));
                    try (GradientCollector collector = engine.newGradientCollector()) {
                        NDArray output = function.apply(sub, arrays);
                        assertThat(output.getShape().size()).as("a scalar output").isEqualTo(1);
                        collector.backward(output);
                    }
                    for (Map.Entry<String, NDArray> entry : arrays.entrySet()) {
                        analytic.put(entry.getKey(), entry.getValue().getGradient().toType(DataType.FLOAT64, false)
                                .toDoubleArray());
                    }
                }

                int checked = 0;
                List<String> failures = new ArrayList<>();
                for (String name : values.keySet()) {
                    double[] gradient = analytic.get(name);
                    double largest = 0;
                    for (int k = 0; k < values.get(name).length; k++) {
                        double plus = evaluate(manager, values, shapes, function, name, k, STEP);
                        double minus = evaluate(manager, values, shapes, function, name, k, -STEP);
                        double numeric = (plus - minus) / (2 * STEP);
                        if (!(Math.abs(numeric - gradient[k]) <= TOLERANCE * (1 + Math.abs(numeric)))) {
                            failures.add(name + "[" + k + "]: autograd " + gradient[k] + ", finite difference "
                                    + numeric);
                        }
                        largest = Math.max(largest, Math.abs(numeric));
                        checked++;
                    }
                    // A check where the output ignores an input would pass without proving anything.
                    if (largest < 1e-8) {
                        failures.add(name + ": the output does not depend on it");
                    }
                }
                assertThat(failures).as("gradient mismatches").isEmpty();
                return checked;
            }
        });
    }

    private static double evaluate(NDManager manager, Map<String, double[]> values, Map<String, Shape> shapes,
            BiFunction<NDManager, Map<String, NDArray>, NDArray> function, String name, int index, double delta) {
        try (NDManager sub = manager.newSubManager()) {
            Map<String, NDArray> arrays = create(sub, values, shapes, name, index, delta);
            return function.apply(sub, arrays).getDouble();
        }
    }

    private static Map<String, NDArray> create(NDManager manager, Map<String, double[]> values,
            Map<String, Shape> shapes, String perturbed, int index, double delta) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> entry : values.entrySet()) {
            double[] data = entry.getValue().clone();
            if (entry.getKey().equals(perturbed)) {
                data[index] += delta;
            }
            arrays.put(entry.getKey(), manager.create(data, shapes.get(entry.getKey())));
        }
        return arrays;
    }
}
