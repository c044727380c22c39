package org.regiontag.engine.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The object categories of the demo scenes, in label order.
 *
 * <p>The shapes were chosen to keep distinct silhouettes at 64 px, the pretraining size: no
 * hexagon or pentagon (which a small model confuses with each other and with a circle there), no
 * diamond (a square turned by 45 degrees), and upright objects turn only a little, so that a house
 * stays a house and a square never becomes a diamond.
 */
public enum SceneCategory {
    CIRCLE("circle", "circles", 180, circle()),
    SQUARE("square", "squares", 30, square()),
    TRIANGLE("triangle", "triangles", 180, triangle()),
    STAR("star", "stars", 180, star()),
    RING("ring", "rings", 180, ring()),
    CROSS("cross", "crosses", 180, cross()),
    HEART("heart", "hearts", 35, heart()),
    CRESCENT("crescent", "crescents", 180, crescent()),
    ARROW("arrow", "arrows", 180, arrow()),
    HOUSE("house", "houses", 20, house()),
    TREE("tree", "trees", 20, tree()),
    UMBRELLA("umbrella", "umbrellas", 25, umbrella());

    private static final int CIRCLE_VERTICES = 64;

    private final String label;
    private final String plural;
    private final double maxRotationDegrees;
    private final ShapeOutline outline;

    SceneCategory(String label, String plural, double maxRotationDegrees, ShapeOutline outline) {
        this.label = label;
        this.plural = plural;
        this.maxRotationDegrees = maxRotationDegrees;
        this.outline = outline;
    }

    /** The category's name in labels, prompts and captions, such as {@code star}. */
    public String label() {
        return label;
    }

    /** The plural used in captions, such as {@code crosses}. */
    public String plural() {
        return plural;
    }

    /** The largest turn either way from upright, in degrees; 180 means any orientation. */
    public double maxRotationDegrees() {
        return maxRotationDegrees;
    }

    ShapeOutline outline() {
        return outline;
    }

    /** Returns the category with the given label, such as {@code star}. */
    public static SceneCategory fromLabel(String label) {
        for (SceneCategory category : values()) {
            if (category.label.equals(label)) {
                return category;
            }
        }
        List<String> labels = new ArrayList<>();
        for (SceneCategory category : values()) {
            labels.add(category.label);
        }
        throw new IllegalArgumentException(
                "unknown demo category '" + label + "'; expected one of " + String.join(", ", labels));
    }

    // Raw outlines below use y pointing down; ShapeOutline.normalised centres and scales them.

    private static ShapeOutline circle() {
        return ShapeOutline.normalised(List.of(ShapeOutline.circle(0, 0, 1, CIRCLE_VERTICES)), List.of());
    }

    private static ShapeOutline square() {
        return ShapeOutline.normalised(List.of(new double[] {-1, -1, 1, -1, 1, 1, -1, 1}), List.of());
    }

    private static ShapeOutline triangle() {
        double[] polygon = new double[6];
        for (int i = 0; i < 3; i++) {
            double angle = StrictMath.toRadians(-90 + 120 * i);
            polygon[2 * i] = StrictMath.cos(angle);
            polygon[2 * i + 1] = StrictMath.sin(angle);
        }
        return ShapeOutline.normalised(List.of(polygon), List.of());
    }

    /** A five-pointed star whose inner radius is 0.42 of its outer one, thick enough at 64 px. */
    private static ShapeOutline star() {
        double[] polygon = new double[20];
        for (int i = 0; i < 10; i++) {
            double angle = StrictMath.toRadians(-90 + 36 * i);
            double radius = i % 2 == 0 ? 1 : 0.42;
            polygon[2 * i] = radius * StrictMath.cos(angle);
            polygon[2 * i + 1] = radius * StrictMath.sin(angle);
        }
        return ShapeOutline.normalised(List.of(polygon), List.of());
    }

    /** A ring whose hole is 0.55 of its diameter, so that the hole still shows at small sizes. */
    private static ShapeOutline ring() {
        return ShapeOutline.normalised(List.of(ShapeOutline.circle(0, 0, 1, CIRCLE_VERTICES)),
                List.of(ShapeOutline.circle(0, 0, 0.55, CIRCLE_VERTICES)));
    }

    private static ShapeOutline cross() {
        double w = 0.3;
        return ShapeOutline.normalised(List.of(new double[] {
            -w, -1, w, -1, w, -w, 1, -w, 1, w, w, w, w, 1, -w, 1, -w, w, -1, w, -1, -w, -w, -w}), List.of());
    }

    /** The classic parametric heart curve, pointing down. */
    private static ShapeOutline heart() {
        double[] polygon = new double[2 * CIRCLE_VERTICES];
        for (int i = 0; i < CIRCLE_VERTICES; i++) {
            double t = 2 * Math.PI * i / CIRCLE_VERTICES;
            double sin = StrictMath.sin(t);
            polygon[2 * i] = 16 * sin * sin * sin;
            polygon[2 * i + 1] = -(13 * StrictMath.cos(t) - 5 * StrictMath.cos(2 * t)
                    - 2 * StrictMath.cos(3 * t) - StrictMath.cos(4 * t));
        }
        return ShapeOutline.normalised(List.of(polygon), List.of());
    }

    /**
     * The part of the unit circle outside a circle of radius 0.85 centred 0.5 to the right: the
     * outer arc runs through the left side, the inner arc returns along the cut.
     */
    private static ShapeOutline crescent() {
        double offset = 0.5;
        double innerRadius = 0.85;
        double crossX = (offset * offset + 1 - innerRadius * innerRadius) / (2 * offset);
        double crossY = StrictMath.sqrt(1 - crossX * crossX);
        double outerStart = StrictMath.atan2(crossY, crossX);
        double innerStart = StrictMath.atan2(crossY, crossX - offset);

        int arcVertices = CIRCLE_VERTICES / 2;
        double[] polygon = new double[4 * arcVertices];
        for (int i = 0; i < arcVertices; i++) {
            double angle = outerStart + (2 * Math.PI - 2 * outerStart) * i / (arcVertices - 1);
            polygon[2 * i] = StrictMath.cos(angle);
            polygon[2 * i + 1] = StrictMath.sin(angle);
        }
        for (int i = 0; i < arcVertices; i++) {
            double angle = 2 * Math.PI - innerStart - (2 * Math.PI - 2 * innerStart) * i / (arcVertices - 1);
            polygon[2 * (arcVertices + i)] = offset + innerRadius * StrictMath.cos(angle);
            polygon[2 * (arcVertices + i) + 1] = innerRadius * StrictMath.sin(angle);
        }
        return ShapeOutline.normalised(List.of(polygon), List.of());
    }

    private static ShapeOutline arrow() {
        return ShapeOutline.normalised(List.of(new double[] {
            -1, -0.2, 0.1, -0.2, 0.1, -0.55, 1, 0, 0.1, 0.55, 0.1, 0.2, -1, 0.2}), List.of());
    }

    /** A house with eaves, a chimney and a door cut into the bottom edge. */
    private static ShapeOutline house() {
        return ShapeOutline.normalised(List.of(new double[] {
            -0.7, 1, -0.15, 1, -0.15, 0.5, 0.15, 0.5, 0.15, 1, 0.7, 1, 0.7, 0.1, 0.95, 0.1,
            0.6, -0.25, 0.6, -0.75, 0.4, -0.75, 0.4, -0.45, 0, -0.85, -0.95, 0.1, -0.7, 0.1}), List.of());
    }

    /** A fir tree: three tiers and a trunk. */
    private static ShapeOutline tree() {
        return ShapeOutline.normalised(List.of(new double[] {
            -0.12, 1, 0.12, 1, 0.12, 0.7, 0.8, 0.7, 0.35, 0.2, 0.6, 0.2, 0.25, -0.35, 0.45, -0.35,
            0, -1, -0.45, -0.35, -0.25, -0.35, -0.6, 0.2, -0.35, 0.2, -0.8, 0.7, -0.12, 0.7}), List.of());
    }

    /** A canopy with a scalloped lower edge, a shaft and a hooked handle. */
    private static ShapeOutline umbrella() {
        int arcVertices = CIRCLE_VERTICES / 2;
        int scallops = 4;
        int scallopVertices = 6;
        double scallopDepth = 0.18;
        double[] canopy = new double[2 * (arcVertices + scallops * scallopVertices)];
        for (int i = 0; i < arcVertices; i++) {
            double angle = Math.PI + Math.PI * i / (arcVertices - 1);
            canopy[2 * i] = StrictMath.cos(angle);
            canopy[2 * i + 1] = StrictMath.sin(angle);
        }
        int k = arcVertices;
        for (int s = 0; s < scallops; s++) {
            for (int i = 0; i < scallopVertices; i++) {
                double t = (double) (i + 1) / scallopVertices;
                double x = 1 - 2.0 * (s + t) / scallops;
                canopy[2 * k] = x;
                canopy[2 * k + 1] = -scallopDepth * StrictMath.sin(Math.PI * t);
                k++;
            }
        }

        double half = 0.06;
        double hookY = 0.75;
        double[] shaft = {-half, -0.4, half, -0.4, half, hookY, -half, hookY};

        double hookCentreX = -0.2;
        double outer = 0.2 + half;
        double inner = 0.2 - half;
        int hookVertices = 16;
        double[] hook = new double[4 * hookVertices];
        for (int i = 0; i < hookVertices; i++) {
            double angle = Math.PI * i / (hookVertices - 1);
            hook[2 * i] = hookCentreX + outer * StrictMath.cos(angle);
            hook[2 * i + 1] = hookY + outer * StrictMath.sin(angle);
            double back = Math.PI - angle;
            hook[2 * (hookVertices + i)] = hookCentreX + inner * StrictMath.cos(back);
            hook[2 * (hookVertices + i) + 1] = hookY + inner * StrictMath.sin(back);
        }
        return ShapeOutline.normalised(List.of(canopy, shaft, hook), List.of());
    }
}
