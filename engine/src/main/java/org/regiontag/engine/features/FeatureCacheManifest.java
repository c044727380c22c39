package org.regiontag.engine.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.regiontag.engine.io.AtomicFiles;

/**
 * What one folder of the feature cache holds, stored as {@code manifest.json} in that folder so
 * that a person (or {@link FeatureCache#list}) can tell folders apart.
 *
 * @param cacheKey the folder name, {@link FeatureKey#cacheKey()}
 * @param model the model name the features were extracted with (for people; the key uses the fingerprint)
 * @param key the backbone fingerprint and preprocessing
 * @param shape the entry shapes
 * @param created when the folder was created
 */
public record FeatureCacheManifest(String cacheKey, String model, FeatureKey key, FeatureShape shape, Instant created) {

    static final String FILE_NAME = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Whether this manifest describes the same features as {@code other} (model name and date aside). */
    boolean describesSameFeatures(FeatureCacheManifest other) {
        return cacheKey.equals(other.cacheKey) && key.equals(other.key) && shape.equals(other.shape);
    }

    byte[] toJson() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FeatureEntry.FORMAT_VERSION);
        root.put("cache_key", cacheKey);
        root.put("model", model);
        root.put("backbone", key.backbone());

        PreprocessingKey preprocessing = key.preprocessing();
        ObjectNode pre = root.putObject("preprocessing");
        pre.put("mode", preprocessing.mode().id());
        pre.put("size", preprocessing.size());
        ArrayNode mean = pre.putArray("mean");
        preprocessing.mean().forEach(mean::add);
        ArrayNode std = pre.putArray("std");
        preprocessing.std().forEach(std::add);
        pre.put("key", preprocessing.stableString());

        root.put("dtype", "float16");
        root.putArray("global_shape").add(shape.embedDim());
        root.putArray("dense_shape").add(shape.height()).add(shape.width()).add(shape.embedDim());
        root.put("created", created.toString());
        return JSON.writeValueAsBytes(root);
    }

    /**
     * Reads a manifest file.
     *
     * @throws IOException when the file cannot be read or lacks a field (the message names it)
     */
    static FeatureCacheManifest read(Path file) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        try {
            JsonNode pre = require(root, "preprocessing", file);
            PreprocessingKey preprocessing = new PreprocessingKey(
                    PreprocessingKey.ResizeMode.fromId(require(pre, "mode", file).asText()),
                    require(pre, "size", file).asInt(),
                    floats(require(pre, "mean", file)),
                    floats(require(pre, "std", file)));
            FeatureKey key = new FeatureKey(require(root, "backbone", file).asText(), preprocessing);
            JsonNode dense = require(root, "dense_shape", file);
            FeatureShape shape = new FeatureShape(dense.path(2).asInt(), dense.path(0).asInt(), dense.path(1).asInt());
            return new FeatureCacheManifest(require(root, "cache_key", file).asText(), root.path("model").asText(""),
                    key, shape, Instant.parse(require(root, "created", file).asText()));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException(file + " has an invalid field: " + e.getMessage(), e);
        }
    }

    private static JsonNode require(JsonNode node, String field, Path file) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IOException(file + " lacks the field '" + field + "'");
        }
        return value;
    }

    private static List<Float> floats(JsonNode array) {
        List<Float> values = new ArrayList<>();
        array.forEach(value -> values.add(value.floatValue()));
        return values;
    }

    /** Writes the manifest through a temporary file and an atomic rename. */
    void write(Path file) throws IOException {
        AtomicFiles.write(file, toJson());
    }
}
