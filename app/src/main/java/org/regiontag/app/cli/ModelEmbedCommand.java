package org.regiontag.app.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.ClipModel;
import org.regiontag.engine.clip.DenseMode;
import org.regiontag.engine.clip.ImageFeatures;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code regiontag model embed}: prints a checkpoint's image, text and optionally dense
 * embeddings as one JSON object, so a user can check a checkpoint against another implementation.
 *
 * <p>Output keys: {@code image_embeds} (embedDim floats), {@code text_embeds} (one list per
 * {@code --text}, in order) and, with {@code --dense}, {@code dense} (one list per ViT patch after
 * {@code ln_post} and {@code proj}, or per location of a ResNet's last map through the attention
 * pool's {@code v_proj} and {@code c_proj}; rows in reading order) and {@code dense_grid}
 * ([rows, columns]).
 * Nothing is L2-normalised. The image is prepared as the checkpoint prescribes: shortest side
 * resized bicubically, then a centre crop.
 */
@Command(name = "embed",
        resourceBundle = "org.regiontag.app.cli.ModelEmbedCommand",
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class ModelEmbedCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES =
            new MessageBundle("org.regiontag.app.cli.ModelEmbedCommand", ModelEmbedCommand.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", descriptionKey = "model")
    Path model;

    @Option(names = "--image", required = true, paramLabel = "FILE", descriptionKey = "image")
    Path image;

    @Option(names = "--text", required = true, arity = "1..*", paramLabel = "TEXT", descriptionKey = "text")
    List<String> texts;

    @Option(names = "--dense", descriptionKey = "dense")
    boolean dense;

    @Option(names = "--json", required = true, descriptionKey = "json")
    boolean json;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu", descriptionKey = "device")
    String device;

    @Override
    public Integer call() throws JsonProcessingException {
        BufferedImage picture = readImage(image);
        Device chosen = Djl.device(device);

        Map<String, Object> result = new LinkedHashMap<>();
        try (ClipModel clip = ClipModel.load(model, chosen); NDManager manager = Djl.newBaseManager(chosen)) {
            NDArray pixels = clip.preprocessor().centerCrop(manager, picture).expandDims(0); // (1, 3, crop, crop)
            try (ImageFeatures features = clip.encodeImageDense(pixels, DenseMode.PROJECTED_TOKENS)) {
                result.put("image_embeds", features.global().get(0).toFloatArray());
                result.put("text_embeds", rows(clip.encodeText(texts, manager)));
                if (dense) {
                    long[] shape = features.dense().getShape().getShape(); // (1, rows, columns, embedDim)
                    result.put("dense", rows(features.dense().reshape(shape[1] * shape[2], shape[3])));
                    result.put("dense_grid", new long[] {shape[1], shape[2]});
                }
            }
        }

        PrintWriter out = spec.commandLine().getOut();
        out.println(JSON.writeValueAsString(result));
        out.flush();
        return RegionTagCommand.EXIT_OK;
    }

    private static List<float[]> rows(NDArray matrix) {
        long count = matrix.getShape().get(0);
        List<float[]> rows = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            rows.add(matrix.get(i).toFloatArray());
        }
        return rows;
    }

    private static BufferedImage readImage(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(MESSAGES.format("image.missing", file));
        }
        BufferedImage picture;
        try {
            // TODO: decode through org.regiontag.db.image.ImageDecoder once it is merged, so that EXIF
            // orientation, CMYK and 16-bit images are handled as everywhere else.
            picture = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new UserInputException(MESSAGES.format("image.unreadable", file, e.getMessage()), e);
        }
        if (picture == null) {
            throw new UserInputException(MESSAGES.format("image.unsupported", file));
        }
        return picture;
    }
}
