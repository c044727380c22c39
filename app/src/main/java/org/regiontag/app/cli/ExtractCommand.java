package org.regiontag.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.pipeline.ExtractFeatures;
import org.regiontag.engine.pipeline.ExtractionResult;
import org.regiontag.engine.pipeline.Suggest;
import org.regiontag.engine.pipeline.SuggestResult;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.project.ProjectSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regiontag extract DIR [--model NAME] [--device cpu|gpu] [--image-size PX]}: extracts the
 * backbone's features of every usable image into the feature cache and computes the zero-shot
 * scores. The options change the project's stored backbone settings. When the project has no model
 * version yet, the zero-shot scores then seed the suggestions.
 */
@Command(name = "extract", resourceBundle = "org.regiontag.app.cli.ExtractCommand", mixinStandardHelpOptions = true,
        sortOptions = false)
public final class ExtractCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.ExtractCommand",
            ExtractCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Option(names = "--model", paramLabel = "NAME", descriptionKey = "model")
    String model;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", descriptionKey = "device")
    String device;

    @Option(names = "--image-size", paramLabel = "PX", descriptionKey = "imageSize")
    Integer imageSize;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JobProgressPrinter progress = JobProgressPrinter.on(spec.commandLine().getErr());
        try (Project project = Project.open(folder)) {
            BackboneSettings settings = ProjectSettings.read(project.database());
            if (model != null) {
                settings = settings.withModel(model);
            }
            if (device != null) {
                settings = settings.withDevice(device);
            }
            if (imageSize != null) {
                settings = settings.withImageSize(imageSize);
            }
            try (Backbone backbone = PipelineSupport.openBackbone(settings)) {
                ProjectSettings.write(project.database(), settings);
                ExtractionResult result = PipelineSupport.run(new ExtractFeatures(project, backbone), progress);
                print(out, backbone, result);
                if (ModelVersions.findLatest(project).isEmpty()) {
                    SuggestResult seeded = PipelineSupport.run(new Suggest(project, backbone), progress);
                    out.println(MESSAGES.format("seeded", seeded.stored(), seeded.modelVersionId()));
                }
            }
        }
        out.flush();
        return RegionTagCommand.EXIT_OK;
    }

    private static void print(PrintWriter out, Backbone backbone, ExtractionResult result) {
        out.println(MESSAGES.format("extracted", result.extracted(), backbone.modelName(), result.device(),
                backbone.imageSize(), result.seconds(), result.imagesPerSecond(), result.alreadyCached()));
        if (result.damaged() + result.missing() + result.changed() > 0) {
            out.println(MESSAGES.format("problems", result.damaged(), result.missing(), result.changed()));
            for (String problem : result.problems()) {
                out.println("    " + problem);
            }
        }
        out.println(MESSAGES.format("zeroShot", result.zeroShotScored(), result.cacheKey()));
    }
}
