package org.regiontag.engine.demo;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Generates the demo's synthetic scenes: 1 to 4 objects of {@link SceneCategory} with random
 * colours, sizes, positions and turns, partly hiding each other, over a textured background with
 * distractor strokes and blobs.
 *
 * <p>Scene {@code (seed, index)} is the same on every machine and thread: it draws from its own
 * {@link SplittableRandom} seeded from {@code (seed, index)}, never from shared state, and labels
 * and masks come from geometry in plain double arithmetic and {@link StrictMath}. Only rendered
 * pixels may differ by Java2D pipeline, and only at anti-aliased edges.
 *
 * <p>Colours are drawn independently of categories, so colour tells nothing about the category.
 * Every generated object keeps at least {@link SceneConfig#minVisibleFraction()} of its area
 * visible: the generator moves or drops an object that would be hidden more, so images never show
 * an unlabelled fragment.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class SceneGenerator {

    /**
     * Prompt templates for training and scoring; {@code {}} stands for the category. Pretraining
     * with several wordings keeps prompt scoring from depending on one phrase; the first is the
     * one to score with.
     */
    public static final List<String> PROMPT_TEMPLATES = List.of(
            "a photo of a {}.",
            "a picture of a {}.",
            "a {} in a scene.",
            "a rendering of a {}.",
            "a drawing of a {}.",
            "there is a {} in the image.");

    /** Attempts to place one object before it is dropped. */
    private static final int PLACEMENT_ATTEMPTS = 25;
    /** Attempts in all before a scene that cannot reach its minimum object count is an error. */
    private static final int TOTAL_ATTEMPTS = 2_000;
    /** Colours drawn per object in search of one with enough contrast. */
    private static final int COLOUR_ATTEMPTS = 40;
    /** Largest stretch either way: a square may become a 1.25:1 rectangle, no more. */
    private static final double MAX_ASPECT = 1.25;
    private static final Pattern ARTICLE_BEFORE_SLOT = Pattern.compile("\\b([Aa]) \\{\\}");

    private final SceneConfig config;

    public SceneGenerator(SceneConfig config) {
        this.config = config;
    }

    /** A generator with {@link SceneConfig#DEFAULT}. */
    public SceneGenerator() {
        this(SceneConfig.DEFAULT);
    }

    public SceneConfig config() {
        return config;
    }

    /** Returns the category names in label order: {@code circle, square, triangle, ...}. */
    public static List<String> categories() {
        List<String> names = new ArrayList<>();
        for (SceneCategory category : SceneCategory.values()) {
            names.add(category.label());
        }
        return List.copyOf(names);
    }

    /**
     * Fills a template's {@code {}} with a category name, turning "a {}" into "an {}" before a
     * vowel: {@code prompt("a photo of a {}.", "arrow")} is "a photo of an arrow.".
     */
    public static String prompt(String template, String categoryName) {
        if (!template.contains("{}")) {
            throw new IllegalArgumentException("prompt template '" + template + "' has no {} slot for the category");
        }
        Matcher matcher = ARTICLE_BEFORE_SLOT.matcher(template);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String article = SceneCaptions.withArticle(categoryName).startsWith("an ") ? "n" : "";
            matcher.appendReplacement(result, Matcher.quoteReplacement(matcher.group(1) + article + " {}"));
        }
        matcher.appendTail(result);
        return result.toString().replace("{}", categoryName);
    }

    /** Generates scene {@code index} of {@code seed}. */
    public Scene generate(long seed, long index) {
        SplittableRandom random = new SplittableRandom(imageSeed(seed, index));
        Background background = background(random);
        List<DistractorStroke> strokes = strokes(random);
        List<SceneObject> objects = objects(random, background, strokes, seed, index);
        return new Scene(seed, index, background, strokes, objects);
    }

    /** Computes the labels, masks and captions of a scene under this generator's settings. */
    public SceneLabels labels(Scene scene) {
        return SceneLabels.of(scene, config);
    }

    /** Renders a scene at {@code size} by {@code size} pixels, anti-aliased. */
    public BufferedImage render(Scene scene, int size) {
        return SceneRenderer.render(scene, size);
    }

    /**
     * Generates, labels and renders {@code count} consecutive scenes, using the common fork-join
     * pool. Each scene writes only its own slices, so the result is the same for any number of
     * threads.
     *
     * @return images (count, 3, size, size) in [0, 1], labels (count, categories) as 1 or 0,
     *     coverage (count, categories, grid, grid), and captions without colour words
     */
    public SceneBatch renderBatch(long seed, long startIndex, int count, int size) {
        if (count < 0) {
            throw new IllegalArgumentException("batch count must not be negative; got " + count);
        }
        if (size < 1) {
            throw new IllegalArgumentException("render size must be at least 1 pixel; got " + size);
        }
        int categoryCount = SceneCategory.values().length;
        int grid = config.gridSize();
        int imageLength = 3 * size * size;
        int coverageLength = categoryCount * grid * grid;
        if ((long) count * imageLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + count + " images of " + size
                    + " px exceeds the largest Java array; request fewer images per batch");
        }
        float[] images = new float[count * imageLength]; // (count, 3, size, size)
        float[] labels = new float[count * categoryCount]; // (count, categories)
        float[] coverage = new float[count * coverageLength]; // (count, categories, grid, grid)
        String[] captions = new String[count];

        IntStream.range(0, count).parallel().forEach(i -> {
            Scene scene = generate(seed, startIndex + i);
            SceneLabels sceneLabels = labels(scene);
            SceneRenderer.toChannelsFirst(render(scene, size), images, i * imageLength);
            boolean[] presence = sceneLabels.presence();
            for (int c = 0; c < categoryCount; c++) {
                labels[i * categoryCount + c] = presence[c] ? 1f : 0f;
            }
            System.arraycopy(sceneLabels.coverage(), 0, coverage, i * coverageLength, coverageLength);
            captions[i] = sceneLabels.caption();
        });
        return new SceneBatch(count, size, categoryCount, grid, images, labels, coverage, List.of(captions));
    }

    /** Derives the seed of the random generator of scene {@code (seed, index)}. */
    static long imageSeed(long seed, long index) {
        return mix(mix(seed) ^ (index * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
    }

    /** Mixes a 64-bit value so that every input bit affects every output bit (the SplitMix64 finaliser). */
    static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private Background background(SplittableRandom random) {
        Rgb start = Rgb.fromHsv(random.nextDouble(), 0.6 * random.nextDouble(), 0.25 + 0.7 * random.nextDouble());
        Rgb end = jitter(random, start, 0.3);
        double gradientAngle = 2 * Math.PI * random.nextDouble();
        int noiseCells = 3 + random.nextInt(10);
        double noiseAmplitude = 0.12 * random.nextDouble();
        long noiseSeed = random.nextLong();

        boolean striped = random.nextDouble() < 0.4;
        Rgb stripeColour = randomColour(random);
        double stripeAlpha = striped ? 0.08 + 0.2 * random.nextDouble() : 0;
        // At least 0.06 of the side: about 4 pixels at 64 px, so that stripes do not alias there.
        double stripePeriod = 0.06 + 0.08 * random.nextDouble();
        double stripeAngle = 2 * Math.PI * random.nextDouble();

        int blobCount = random.nextInt(config.maxBlobs() + 1);
        List<Background.Blob> blobs = new ArrayList<>();
        for (int i = 0; i < blobCount; i++) {
            blobs.add(blob(random));
        }

        double grainAmplitude = 0.03 * random.nextDouble();
        long grainSeed = random.nextLong();
        return new Background(start, end, gradientAngle, noiseCells, noiseAmplitude, noiseSeed, stripeColour,
                stripeAlpha, stripePeriod, stripeAngle, blobs, grainAmplitude, grainSeed);
    }

    /** Draws a translucent blob whose radius wobbles with three low harmonics, so that it never looks like a circle. */
    private static Background.Blob blob(SplittableRandom random) {
        double centreX = random.nextDouble();
        double centreY = random.nextDouble();
        double radius = 0.06 + 0.22 * random.nextDouble();
        double[] amplitudes = new double[3];
        double[] phases = new double[3];
        for (int h = 0; h < 3; h++) {
            amplitudes[h] = 0.1 + 0.15 * random.nextDouble();
            phases[h] = 2 * Math.PI * random.nextDouble();
        }
        int vertices = 32;
        List<DistractorStroke.Point> outline = new ArrayList<>();
        for (int i = 0; i < vertices; i++) {
            double angle = 2 * Math.PI * i / vertices;
            double factor = 1;
            for (int h = 0; h < 3; h++) {
                factor += amplitudes[h] * StrictMath.sin((h + 2) * angle + phases[h]);
            }
            double r = radius * factor;
            outline.add(new DistractorStroke.Point(centreX + r * StrictMath.cos(angle),
                    centreY + r * StrictMath.sin(angle)));
        }
        Rgb colour = randomColour(random);
        double alpha = 0.12 + 0.23 * random.nextDouble();
        return new Background.Blob(outline, colour, alpha);
    }

    /** Draws strokes that walk 2 to 5 segments and turn up to a radian at each joint. */
    private List<DistractorStroke> strokes(SplittableRandom random) {
        int count = random.nextInt(config.maxStrokes() + 1);
        List<DistractorStroke> strokes = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int segments = 2 + random.nextInt(4);
            double x = random.nextDouble();
            double y = random.nextDouble();
            double heading = 2 * Math.PI * random.nextDouble();
            List<DistractorStroke.Point> points = new ArrayList<>();
            points.add(new DistractorStroke.Point(x, y));
            for (int i = 0; i < segments; i++) {
                double length = 0.08 + 0.25 * random.nextDouble();
                heading += 2 * random.nextDouble() - 1;
                x = Rgb.clip(x + length * StrictMath.cos(heading));
                y = Rgb.clip(y + length * StrictMath.sin(heading));
                points.add(new DistractorStroke.Point(x, y));
            }
            double width = 0.006 + 0.02 * random.nextDouble();
            Rgb colour = randomColour(random);
            boolean inFront = random.nextDouble() < config.frontStrokeProbability();
            strokes.add(new DistractorStroke(points, width, colour, inFront));
        }
        return strokes;
    }

    private List<SceneObject> objects(SplittableRandom random, Background background, List<DistractorStroke> strokes,
            long seed, long index) {
        int target = config.minObjects() + random.nextInt(config.maxObjects() - config.minObjects() + 1);
        List<SceneObject> placed = new ArrayList<>();
        int attempts = 0;
        for (int slot = 0; slot < target || placed.size() < config.minObjects(); slot++) {
            SceneCategory category = chooseCategory(random, placed);
            for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
                if (++attempts > TOTAL_ATTEMPTS) {
                    throw new IllegalStateException("scene " + index + " of seed " + seed + " could not place "
                            + config.minObjects() + " objects in " + TOTAL_ATTEMPTS
                            + " attempts; lower minObjects or maxSize");
                }
                SceneObject candidate = sampleObject(random, category, placed, background);
                List<SceneObject> trial = new ArrayList<>(placed);
                trial.add(placed.isEmpty() ? 0 : random.nextInt(placed.size() + 1), candidate);
                if (allVisible(trial, strokes)) {
                    placed = trial;
                    break;
                }
            }
        }
        return placed;
    }

    /** Picks a category not yet in the scene, or with {@link SceneConfig#repeatProbability()} one already in it. */
    private SceneCategory chooseCategory(SplittableRandom random, List<SceneObject> placed) {
        SceneCategory[] all = SceneCategory.values();
        if (!placed.isEmpty() && random.nextDouble() < config.repeatProbability()) {
            return placed.get(random.nextInt(placed.size())).category();
        }
        List<SceneCategory> unused = new ArrayList<>(List.of(all));
        placed.forEach(object -> unused.remove(object.category()));
        if (unused.isEmpty()) {
            return all[random.nextInt(all.length)];
        }
        return unused.get(random.nextInt(unused.size()));
    }

    private SceneObject sampleObject(SplittableRandom random, SceneCategory category, List<SceneObject> placed,
            Background background) {
        double size = config.minSize() * StrictMath.exp(random.nextDouble()
                * StrictMath.log(config.maxSize() / config.minSize())); // log-uniform
        double aspect = StrictMath.exp((2 * random.nextDouble() - 1) * StrictMath.log(MAX_ASPECT));
        double rotation = StrictMath.toRadians(category.maxRotationDegrees() * (2 * random.nextDouble() - 1));
        double radius = size / 2 * Math.max(Math.sqrt(aspect), 1 / Math.sqrt(aspect));

        double centreX;
        double centreY;
        if (!placed.isEmpty() && random.nextDouble() < config.overlapProbability()) {
            SceneObject other = placed.get(random.nextInt(placed.size()));
            double distance = (0.35 + 0.55 * random.nextDouble()) * (radius + other.boundingRadius());
            double direction = 2 * Math.PI * random.nextDouble();
            centreX = clamp(other.centreX() + distance * StrictMath.cos(direction), radius);
            centreY = clamp(other.centreY() + distance * StrictMath.sin(direction), radius);
        } else {
            centreX = radius + random.nextDouble() * Math.max(0, 1 - 2 * radius);
            centreY = radius + random.nextDouble() * Math.max(0, 1 - 2 * radius);
        }

        Rgb colour = contrastingColour(random, background.gradientAt(centreX, centreY), placed);
        double shading = random.nextDouble() < 0.5 ? 0 : 0.25 * random.nextDouble();
        double shadingAngle = 2 * Math.PI * random.nextDouble();
        return new SceneObject(category, colour, centreX, centreY, size, rotation, aspect, shading, shadingAngle);
    }

    /**
     * Draws a random colour at least {@link SceneConfig#minContrast()} away from the background under
     * the object and from every object already placed, or the farthest of the colours tried.
     */
    private Rgb contrastingColour(SplittableRandom random, Rgb backgroundColour, List<SceneObject> placed) {
        Rgb best = null;
        double bestContrast = -1;
        for (int attempt = 0; attempt < COLOUR_ATTEMPTS; attempt++) {
            Rgb colour = randomColour(random);
            double contrast = colour.distance(backgroundColour);
            for (SceneObject object : placed) {
                contrast = Math.min(contrast, colour.distance(object.colour()));
            }
            if (contrast >= config.minContrast()) {
                return colour;
            }
            if (contrast > bestContrast) {
                best = colour;
                bestContrast = contrast;
            }
        }
        return best;
    }

    /** Draws a colour of any hue, mostly saturated, and one time in seven a grey, black or white. */
    private static Rgb randomColour(SplittableRandom random) {
        double hue = random.nextDouble();
        if (random.nextDouble() < 1.0 / 7) {
            return Rgb.fromHsv(hue, 0.15 * random.nextDouble(), random.nextDouble());
        }
        return Rgb.fromHsv(hue, 0.35 + 0.65 * random.nextDouble(), 0.3 + 0.7 * random.nextDouble());
    }

    private static Rgb jitter(SplittableRandom random, Rgb colour, double amount) {
        return new Rgb(Rgb.clip(colour.red() + amount * (2 * random.nextDouble() - 1)),
                Rgb.clip(colour.green() + amount * (2 * random.nextDouble() - 1)),
                Rgb.clip(colour.blue() + amount * (2 * random.nextDouble() - 1)));
    }

    private boolean allVisible(List<SceneObject> objects, List<DistractorStroke> strokes) {
        SceneRaster raster = SceneRaster.of(objects, strokes, config.labelResolution());
        for (int o = 0; o < objects.size(); o++) {
            if (raster.area(o) == 0 || raster.visibleFraction(o) < config.minVisibleFraction()) {
                return false;
            }
        }
        return true;
    }

    private static double clamp(double centre, double radius) {
        if (radius >= 0.5) {
            return 0.5;
        }
        return Math.max(radius, Math.min(1 - radius, centre));
    }
}
