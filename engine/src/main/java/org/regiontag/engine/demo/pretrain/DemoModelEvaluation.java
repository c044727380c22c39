package org.regiontag.engine.demo.pretrain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.regiontag.engine.demo.SceneGenerator;

/**
 * How well a model scores and localises the demo categories on a demo test split, every rate in
 * percent.
 *
 * @param images test images scored
 * @param meanAveragePrecision prompt-scoring mAP: each category's prompt scored against the global
 *     image embedding by cosine, AP per category over the images, averaged over categories
 * @param averagePrecision AP per category in label order, NaN for a category without a positive image
 * @param pointingTrials (image, present category) pairs of the pointing game
 * @param pixelPointing the share of pairs whose hottest pixel of the text-pixel heatmap, bilinearly
 *     upsampled from the dense grid to the scene size, lies inside the category's visible mask
 * @param pixelBaseline the rate of a uniformly random pixel: the mean visible share of the image
 * @param cellPointing the share of pairs whose hottest dense-grid cell shows part of the category
 * @param cellBaseline the rate of a uniformly random cell
 * @param seconds wall time of the scoring, rendering excluded
 */
public record DemoModelEvaluation(int images, double meanAveragePrecision, double[] averagePrecision,
        long pointingTrials, double pixelPointing, double pixelBaseline, double cellPointing, double cellBaseline,
        double seconds) {

    public DemoModelEvaluation {
        averagePrecision = averagePrecision.clone();
    }

    @Override
    public double[] averagePrecision() {
        return averagePrecision.clone();
    }

    /** Returns the evaluation as a JSON object with snake-case keys and AP by category name. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("images", images);
        json.put("map", round(meanAveragePrecision));
        ObjectNode perCategory = json.putObject("ap");
        List<String> names = SceneGenerator.categories();
        for (int c = 0; c < averagePrecision.length; c++) {
            perCategory.put(names.get(c), round(averagePrecision[c]));
        }
        json.put("pointing_trials", pointingTrials);
        json.put("pointing_pixel", round(pixelPointing));
        json.put("pointing_pixel_random", round(pixelBaseline));
        json.put("pointing_cell", round(cellPointing));
        json.put("pointing_cell_random", round(cellBaseline));
        json.put("seconds", round(seconds));
        return json;
    }

    private static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 100) / 100.0 : value;
    }
}
