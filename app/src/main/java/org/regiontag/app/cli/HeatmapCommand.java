package org.regiontag.app.cli;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.db.edit.Cell;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.heatmap.HeatmapKind;
import org.regiontag.engine.heatmap.HeatmapRenderer;
import org.regiontag.engine.heatmap.HeatmapService;
import org.regiontag.engine.heatmap.HeatmapStyle;
import org.regiontag.engine.project.Backbone;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regiontag heatmap DIR --image PATH --category NAME --out FILE.png [--kind text-pixel|region]}:
 * writes a category's heatmap over an image as a PNG.
 */
@Command(name = "heatmap", resourceBundle = "org.regiontag.app.cli.HeatmapCommand", mixinStandardHelpOptions = true,
        sortOptions = false)
public final class HeatmapCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.HeatmapCommand",
            HeatmapCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Option(names = "--image", required = true, paramLabel = "PATH", descriptionKey = "image")
    String image;

    @Option(names = "--category", required = true, paramLabel = "NAME", descriptionKey = "category")
    String category;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", descriptionKey = "out")
    Path out;

    @Option(names = "--kind", defaultValue = "text-pixel", paramLabel = "text-pixel|region", descriptionKey = "kind")
    String kind;

    @Option(names = "--opacity", defaultValue = "0.5", paramLabel = "X", descriptionKey = "opacity")
    double opacity;

    @Override
    public Integer call() throws Exception {
        HeatmapKind heatmapKind = HeatmapKind.parse(kind);
        HeatmapStyle style;
        try {
            style = HeatmapStyle.standard().withOpacity(opacity);
        } catch (IllegalArgumentException e) {
            throw new org.regiontag.db.UserInputException(MESSAGES.format("opacity.invalid", opacity), e);
        }
        try (Project project = Project.open(folder); Backbone backbone = PipelineSupport.openBackbone(project);
                HeatmapService heatmaps = new HeatmapService(project, backbone)) {
            Cell cell = new LabelEditor(project.database()).findCell(image, category);
            BufferedImage overlay = heatmaps.overlay(cell.imageId(), cell.categoryId(), heatmapKind, style);
            HeatmapRenderer.writePng(overlay, out);
            PrintWriter printer = spec.commandLine().getOut();
            printer.println(MESSAGES.format("written", out, heatmapKind.id(), cell.categoryName(), cell.imagePath(),
                    overlay.getWidth(), overlay.getHeight()));
            printer.flush();
        }
        return RegionTagCommand.EXIT_OK;
    }
}
