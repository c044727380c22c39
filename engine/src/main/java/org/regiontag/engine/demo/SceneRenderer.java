package org.regiontag.engine.demo;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws scenes with Java2D, anti-aliased, at any square pixel size. Java2D pipelines may differ
 * in the last bit of an edge pixel, so only pixels depend on this class; labels and masks come
 * from {@link SceneRaster}.
 *
 * <p>Order: the background (gradient, value noise and soft stripes, computed per pixel from
 * image-side fractions), blobs, back strokes, objects from back to front, front strokes, and
 * last a per-pixel grain.
 */
final class SceneRenderer {

    private SceneRenderer() {
    }

    /** Renders the scene into a new {@code size} by {@code size} RGB image. */
    static BufferedImage render(Scene scene, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("render size must be at least 1 pixel; got " + size);
        }
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        paintBackground(scene.background(), pixels, size);

        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            // Pure stroke control keeps outlines where the geometry puts them instead of snapping to pixels.
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(size, size);

            for (Background.Blob blob : scene.background().blobs()) {
                paintBlob(g, blob);
            }
            paintStrokes(g, scene.strokes(), false);
            for (SceneObject object : scene.objects()) {
                paintObject(g, object);
            }
            paintStrokes(g, scene.strokes(), true);
        } finally {
            g.dispose();
        }

        addGrain(scene.background(), pixels, size);
        return image;
    }

    /**
     * Copies an RGB image into {@code target} as channel-first floats in [0, 1].
     *
     * @param target receives (3, height, width) starting at {@code offset}
     */
    static void toChannelsFirst(BufferedImage image, float[] target, int offset) {
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = width * height;
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < plane; i++) {
            int rgb = pixels[i];
            target[offset + i] = ((rgb >> 16) & 0xFF) / 255f;
            target[offset + plane + i] = ((rgb >> 8) & 0xFF) / 255f;
            target[offset + 2 * plane + i] = (rgb & 0xFF) / 255f;
        }
    }

    /**
     * Paints gradient, value noise and stripes per pixel. Gradient and stripe phase are linear in
     * x and y, so they come from per-column and per-row tables (the stripe cosine by the angle-sum
     * identity).
     */
    private static void paintBackground(Background background, int[] pixels, int size) {
        int cells = background.noiseCells();
        double[] lattice = new double[(cells + 1) * (cells + 1)];
        SplittableRandom random = new SplittableRandom(background.noiseSeed());
        for (int i = 0; i < lattice.length; i++) {
            lattice[i] = 2 * random.nextDouble() - 1;
        }

        double gradientCos = Math.cos(background.gradientAngle());
        double gradientSin = Math.sin(background.gradientAngle());
        double gradientExtent = Math.abs(gradientCos) + Math.abs(gradientSin);
        double frequency = 2 * Math.PI / background.stripePeriod();
        double stripeCos = Math.cos(background.stripeAngle()) * frequency;
        double stripeSin = Math.sin(background.stripeAngle()) * frequency;
        double[] alongX = new double[size];
        double[] phaseCosX = new double[size];
        double[] phaseSinX = new double[size];
        double[] alongY = new double[size];
        double[] phaseCosY = new double[size];
        double[] phaseSinY = new double[size];
        for (int i = 0; i < size; i++) {
            double position = (i + 0.5) / size;
            alongX[i] = (position - 0.5) * gradientCos / gradientExtent;
            alongY[i] = (position - 0.5) * gradientSin / gradientExtent + 0.5;
            phaseCosX[i] = Math.cos(position * stripeCos);
            phaseSinX[i] = Math.sin(position * stripeCos);
            phaseCosY[i] = Math.cos(position * stripeSin);
            phaseSinY[i] = Math.sin(position * stripeSin);
        }

        Rgb start = background.start();
        Rgb end = background.end();
        Rgb stripe = background.stripeColour();
        double halfAlpha = background.stripeAlpha() / 2;
        double noiseAmplitude = background.noiseAmplitude();
        for (int y = 0; y < size; y++) {
            double v = (y + 0.5) / size;
            for (int x = 0; x < size; x++) {
                double u = (x + 0.5) / size;
                double t = Rgb.clip(alongX[x] + alongY[y]);
                double noise = noiseAmplitude * bilinear(lattice, cells, u * cells, v * cells);
                double phaseCos = phaseCosX[x] * phaseCosY[y] - phaseSinX[x] * phaseSinY[y];
                double weight = halfAlpha * (1 + phaseCos);
                double red = start.red() + (end.red() - start.red()) * t + noise;
                double green = start.green() + (end.green() - start.green()) * t + noise;
                double blue = start.blue() + (end.blue() - start.blue()) * t + noise;
                pixels[y * size + x] = pack(red + (stripe.red() - red) * weight,
                        green + (stripe.green() - green) * weight, blue + (stripe.blue() - blue) * weight);
            }
        }
    }

    private static void paintBlob(Graphics2D g, Background.Blob blob) {
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) blob.alpha()));
        g.setColor(colour(blob.colour()));
        g.fill(polyline(blob.outline(), true));
        g.setComposite(AlphaComposite.SrcOver);
    }

    private static void paintStrokes(Graphics2D g, List<DistractorStroke> strokes, boolean inFront) {
        for (DistractorStroke stroke : strokes) {
            if (stroke.inFront() != inFront) {
                continue;
            }
            g.setColor(colour(stroke.colour()));
            g.setStroke(new BasicStroke((float) stroke.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(polyline(stroke.points(), false));
        }
    }

    private static void paintObject(Graphics2D g, SceneObject object) {
        ObjectPlacement placement = new ObjectPlacement(object);
        AffineTransform saved = g.getTransform();
        g.transform(placement.toImage());
        if (object.shading() > 0) {
            float dx = (float) Math.cos(object.shadingAngle());
            float dy = (float) Math.sin(object.shadingAngle());
            g.setPaint(new GradientPaint(-dx, -dy, colour(object.colour().scaled(1 + object.shading())), dx, dy,
                    colour(object.colour().scaled(1 - object.shading()))));
        } else {
            g.setColor(colour(object.colour()));
        }
        g.fill(object.category().outline().path());
        g.setTransform(saved);
    }

    /** Adds per-pixel brightness grain from a hash of (seed, size, pixel), the same on every run. */
    private static void addGrain(Background background, int[] pixels, int size) {
        double amplitude = background.grainAmplitude();
        if (amplitude <= 0) {
            return;
        }
        long seed = SceneGenerator.mix(background.grainSeed() ^ size);
        for (int i = 0; i < pixels.length; i++) {
            double noise = amplitude * ((SceneGenerator.mix(seed + i) >>> 11) * 0x1.0p-53 * 2 - 1);
            int rgb = pixels[i];
            double red = ((rgb >> 16) & 0xFF) / 255.0 + noise;
            double green = ((rgb >> 8) & 0xFF) / 255.0 + noise;
            double blue = (rgb & 0xFF) / 255.0 + noise;
            pixels[i] = pack(red, green, blue);
        }
    }

    private static double bilinear(double[] lattice, int cells, double x, double y) {
        int x0 = Math.min(cells - 1, (int) x);
        int y0 = Math.min(cells - 1, (int) y);
        double fx = x - x0;
        double fy = y - y0;
        int stride = cells + 1;
        double top = lattice[y0 * stride + x0] * (1 - fx) + lattice[y0 * stride + x0 + 1] * fx;
        double bottom = lattice[(y0 + 1) * stride + x0] * (1 - fx) + lattice[(y0 + 1) * stride + x0 + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private static Path2D.Double polyline(List<DistractorStroke.Point> points, boolean closed) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(points.get(0).x(), points.get(0).y());
        for (int i = 1; i < points.size(); i++) {
            path.lineTo(points.get(i).x(), points.get(i).y());
        }
        if (closed) {
            path.closePath();
        }
        return path;
    }

    private static int pack(double red, double green, double blue) {
        return channel(red) << 16 | channel(green) << 8 | channel(blue);
    }

    private static int channel(double value) {
        return (int) (Rgb.clip(value) * 255 + 0.5);
    }

    private static Color colour(Rgb rgb) {
        return new Color((float) rgb.red(), (float) rgb.green(), (float) rgb.blue());
    }
}
