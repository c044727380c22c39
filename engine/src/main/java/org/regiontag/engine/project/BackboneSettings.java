package org.regiontag.engine.project;

import java.util.List;
import java.util.Locale;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.clip.DenseMode;

/**
 * Which frozen backbone a project extracts its features with, and how.
 *
 * @param model a model name or folder, as {@link org.regiontag.engine.models.ModelLocator} resolves
 *     it; the embedded demo model by default, so that a new project works without a download
 * @param imageSize the side in pixels of the square input of dense features, or 0 for the model's
 *     own input size (224 for the released ViT-B and ViT-L CLIPs); 448 is what DualCoOp and TRM-ML
 *     train at, four times the cost
 * @param denseMode how a ViT's dense features are made; the value path by default, because it is
 *     the ViT counterpart of DualCoOp's ResNet construction (the attention pool's value and output
 *     projections at every location) and MaskCLIP found it localises better than the patch tokens
 * @param device {@code auto} (a GPU when DJL finds one, else the CPU), {@code cpu} or {@code gpu}
 * @param promptTemplates the hand-crafted prompts of zero-shot scores, category queries and
 *     text-pixel heatmaps, each with {@code {}} where the category's prompt name goes; a category's
 *     embedding is the mean of its normalised template embeddings, as CLIP ensembles prompts
 */
public record BackboneSettings(String model, int imageSize, DenseMode denseMode, String device,
        List<String> promptTemplates) {

    /** The embedded demo model, which needs no download. */
    public static final String DEFAULT_MODEL = "demo-tiny-clip";
    /**
     * CLIP's basic prompt. A single template by default: the demo model was pretrained with exactly
     * this wording, and a pretraining note measured 89.7 mAP with it against 55.5 for "a {c}".
     */
    public static final List<String> DEFAULT_TEMPLATES = List.of("a photo of a {}.");
    /** Bounds of {@link #imageSize}: smaller inputs leave no detail, larger ones exhaust a desktop's memory. */
    public static final int MIN_IMAGE_SIZE = 32;
    public static final int MAX_IMAGE_SIZE = 1024;

    public BackboneSettings {
        if (model == null || model.isBlank()) {
            throw new UserInputException(ProjectMessages.format("settings.model.blank"));
        }
        if (imageSize != 0 && (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE)) {
            throw new UserInputException(ProjectMessages.format("settings.imageSize.range", imageSize,
                    MIN_IMAGE_SIZE, MAX_IMAGE_SIZE));
        }
        if (denseMode == null) {
            throw new IllegalArgumentException("dense mode is missing");
        }
        device = device == null ? "auto" : device.toLowerCase(Locale.ROOT);
        if (!device.equals("auto") && !device.equals("cpu") && !device.equals("gpu")) {
            throw new UserInputException(ProjectMessages.format("settings.device.unknown", device));
        }
        if (promptTemplates == null || promptTemplates.isEmpty()) {
            throw new UserInputException(ProjectMessages.format("settings.templates.empty"));
        }
        for (String template : promptTemplates) {
            if (template == null || template.indexOf("{}") < 0 || template.indexOf("{}") != template.lastIndexOf("{}")) {
                throw new UserInputException(ProjectMessages.format("settings.templates.placeholder", template));
            }
        }
        promptTemplates = List.copyOf(promptTemplates);
    }

    /** The settings of a project that has none stored. */
    public static BackboneSettings defaults() {
        return new BackboneSettings(DEFAULT_MODEL, 0, DenseMode.VALUE_PATH, "auto", DEFAULT_TEMPLATES);
    }

    public BackboneSettings withModel(String newModel) {
        return new BackboneSettings(newModel, imageSize, denseMode, device, promptTemplates);
    }

    public BackboneSettings withImageSize(int newImageSize) {
        return new BackboneSettings(model, newImageSize, denseMode, device, promptTemplates);
    }

    public BackboneSettings withDenseMode(DenseMode newDenseMode) {
        return new BackboneSettings(model, imageSize, newDenseMode, device, promptTemplates);
    }

    public BackboneSettings withDevice(String newDevice) {
        return new BackboneSettings(model, imageSize, denseMode, newDevice, promptTemplates);
    }

    public BackboneSettings withPromptTemplates(List<String> newTemplates) {
        return new BackboneSettings(model, imageSize, denseMode, device, newTemplates);
    }

    /** Fills a template with a category's prompt name. */
    public static String fill(String template, String promptName) {
        return template.replace("{}", promptName);
    }
}
