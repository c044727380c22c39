package org.regiontag.engine.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.regiontag.db.Project;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.TestCheckpoints;
import org.regiontag.engine.demo.DemoDataset;
import org.regiontag.engine.demo.SceneGenerator;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.models.ModelCache;
import org.regiontag.engine.models.ModelLocator;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.BackboneSettings;

/**
 * Images per second of {@link ExtractFeatures} on generated JPEG scenes, from decoding to cached
 * features (zero-shot scores not included). Not a unit test.
 *
 * <pre>
 *   ExtractionBenchmark WORK_DIR MODEL_DIR|tiny [images] [image side px]
 * </pre>
 * {@code tiny} writes the tests' tiny checkpoint (a ViT of 24 px) into WORK_DIR. Each run uses a
 * fresh project in WORK_DIR, so nothing is cached.
 */
public final class ExtractionBenchmark {

    private ExtractionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Djl.configureOffline();
        Path work = Path.of(args[0]);
        int images = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int side = args.length > 3 ? Integer.parseInt(args[3]) : 224;
        Path model = args[1].equals("tiny")
                ? TestCheckpoints.writeRandom(work.resolve("tiny-clip-" + System.nanoTime()), 1) : Path.of(args[1]);
        Path scenes = work.resolve("scenes-" + images + "-" + side);
        if (!Files.isDirectory(scenes)) {
            DemoDataset.write(scenes, images, 0, 1, side);
        }
        Path folder = work.resolve("project-" + System.nanoTime());
        try (Project project = Project.create(folder, "extraction benchmark");
                Backbone backbone = Backbone.open(BackboneSettings.defaults().withModel(model.toString())
                        .withDevice("cpu"), new ModelLocator(new ModelCache(work.resolve("cache")),
                                ExtractionBenchmark.class.getClassLoader()))) {
            new DatasetWriter(project.database()).write(DemoDataset.describe(scenes, images, 0, 1, side,
                    new SceneGenerator()), ImportOptions.of("benchmark"),
                    ProgressReporter.NONE);
            ExtractionResult result = new ExtractFeatures(project, backbone).run(ProgressListener.NONE,
                    new CancellationToken());
            System.out.printf(Locale.ROOT, "%s at %d px: %d images of %d px in %.2f s, %.1f images/s%n", model,
                    backbone.imageSize(), result.extracted(), side, result.seconds(), result.imagesPerSecond());
        }
    }
}
