package org.regiontag.engine.project;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import org.regiontag.db.UserInputException;
import org.regiontag.db.repo.Category;

/**
 * What a model version was made from, saved as {@code version.json} in its folder so that the
 * folder describes itself: the kind and round, the backbone (model, fingerprint, feature-cache key,
 * dense mode, input size), the categories in column order, and the prompt templates.
 *
 * @param format always {@link #FORMAT}
 * @param formatVersion the layout version, {@link #FORMAT_VERSION}
 * @param kind {@link #ZERO_SHOT} (round 0: the frozen CLIP with hand-crafted prompts, no trained
 *     tensors) or {@link #TRAINED}
 * @param round 0 for zero-shot, then 1, 2, … along the chain of parents
 * @param backboneModel the model name or folder of the backbone settings
 * @param backboneIdentity {@link Backbone#identity()}: the model name and the feature-cache key
 * @param backboneFingerprint the feature key's backbone string: the checkpoint's fingerprint and the dense mode
 * @param imageSize the side of the square network input in pixels
 * @param embedDim the width of the joint space
 * @param categories the categories, in the column order of every tensor with a category axis
 * @param promptTemplates the hand-crafted prompt templates of the category queries' initial values
 * @param prototypeUpdates per category, how many training steps have updated its visual prototype
 */
public record VersionDescriptor(
        String format,
        @JsonProperty("format_version") int formatVersion,
        String kind,
        int round,
        @JsonProperty("backbone_model") String backboneModel,
        @JsonProperty("backbone_identity") String backboneIdentity,
        @JsonProperty("backbone_fingerprint") String backboneFingerprint,
        @JsonProperty("image_size") int imageSize,
        @JsonProperty("embed_dim") int embedDim,
        List<CategoryRef> categories,
        @JsonProperty("prompt_templates") List<String> promptTemplates,
        @JsonProperty("prototype_updates") List<Long> prototypeUpdates) {

    public static final String FORMAT = "regiontag-model-version";
    public static final int FORMAT_VERSION = 1;
    public static final String ZERO_SHOT = "zero-shot";
    public static final String TRAINED = "trained";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public VersionDescriptor {
        categories = List.copyOf(categories);
        promptTemplates = List.copyOf(promptTemplates);
        prototypeUpdates = prototypeUpdates == null ? List.of() : List.copyOf(prototypeUpdates);
    }

    /**
     * A category as a version saw it.
     *
     * @param id the category's row id
     * @param name its name
     * @param promptName the words its prompts used
     */
    public record CategoryRef(long id, String name, @JsonProperty("prompt_name") String promptName) {
    }

    /** Describes a version of the given kind and round, made with {@code backbone} on {@code categories}. */
    public static VersionDescriptor of(String kind, int round, Backbone backbone, List<Category> categories,
            List<Long> prototypeUpdates) {
        List<CategoryRef> refs = new ArrayList<>();
        for (Category category : categories) {
            refs.add(new CategoryRef(category.id(), category.name(), category.promptName()));
        }
        return new VersionDescriptor(FORMAT, FORMAT_VERSION, kind, round, backbone.modelName(), backbone.identity(),
                backbone.featureKey().backbone(), backbone.imageSize(), backbone.embedDim(), refs,
                backbone.settings().promptTemplates(), prototypeUpdates);
    }

    public boolean isZeroShot() {
        return ZERO_SHOT.equals(kind);
    }

    /**
     * Lists what differs between this version and the project as it is now: the backbone, the
     * categories, their prompt names. Empty when the version can score the project's features.
     */
    public List<String> mismatches(Backbone backbone, List<Category> current) {
        List<String> problems = new ArrayList<>();
        if (!backboneIdentity.equals(backbone.identity())) {
            problems.add(ProjectMessages.format("version.mismatch.backbone", backboneIdentity, backbone.identity()));
        }
        if (embedDim != backbone.embedDim()) {
            problems.add(ProjectMessages.format("version.mismatch.embedDim", embedDim, backbone.embedDim()));
        }
        List<Long> savedIds = categories.stream().map(CategoryRef::id).toList();
        List<Long> currentIds = current.stream().map(Category::id).toList();
        if (!savedIds.equals(currentIds)) {
            problems.add(ProjectMessages.format("version.mismatch.categories", categories.size(), current.size()));
        } else {
            for (int c = 0; c < current.size(); c++) {
                if (!categories.get(c).promptName().equals(current.get(c).promptName())) {
                    problems.add(ProjectMessages.format("version.mismatch.promptName", current.get(c).name(),
                            categories.get(c).promptName(), current.get(c).promptName()));
                }
            }
        }
        return problems;
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a version descriptor could not be written as JSON", e);
        }
    }

    /**
     * Reads {@code version.json}.
     *
     * @throws UserInputException when the text is not a descriptor this program can read
     */
    static VersionDescriptor fromJson(String json, String source) {
        VersionDescriptor descriptor;
        try {
            descriptor = JSON.readValue(json, VersionDescriptor.class);
        } catch (JsonProcessingException e) {
            throw new UserInputException(ProjectMessages.format("version.descriptor.invalid", source,
                    e.getOriginalMessage()), e);
        }
        if (!FORMAT.equals(descriptor.format())) {
            throw new UserInputException(ProjectMessages.format("version.descriptor.invalid", source,
                    "format is '" + descriptor.format() + "', expected '" + FORMAT + "'"));
        }
        if (descriptor.formatVersion() > FORMAT_VERSION) {
            throw new UserInputException(ProjectMessages.format("version.descriptor.newer", source,
                    descriptor.formatVersion(), FORMAT_VERSION));
        }
        return descriptor;
    }
}
