package org.regiontag.engine.demo.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.io.AtomicFiles;

/**
 * The description of a saved pretraining state: which tensor file contains the weights, heads and
 * AdamW moments, how far the run got, and the settings that a resumed run must share.
 *
 * @param weights the tensor file's name in the same folder
 * @param step optimiser steps done
 * @param totalSteps the run's length in steps, which fixes its learning-rate schedule, or 0 for a
 *     timed run
 * @param minutes a timed run's budget of training minutes, whose share used fixes the schedule
 * @param trainingSeconds training time so far, evaluations excluded
 * @param seed the scene seed
 * @param batchSize scenes per step
 * @param shape the model's sizes
 */
record PretrainState(String weights, int step, int totalSteps, double minutes, double trainingSeconds, long seed, int batchSize,
        DemoModelShape shape) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.engine.demo.pretrain.messages",
            PretrainState.class);

    static void write(Path file, PretrainState state) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.put("weights", state.weights);
        json.put("step", state.step);
        json.put("total_steps", state.totalSteps);
        json.put("minutes", state.minutes);
        json.put("training_seconds", state.trainingSeconds);
        json.put("seed", state.seed);
        json.put("batch_size", state.batchSize);
        json.set("shape", JSON.valueToTree(state.shape));
        AtomicFiles.write(file, (json.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a state description.
     *
     * @throws UserInputException when the file is missing or damaged
     */
    static PretrainState read(Path file) {
        JsonNode json;
        try {
            json = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new UserInputException(MESSAGES.format("state.missing", file), e);
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("state.unreadable", file, e.getMessage()), e);
        }
        try {
            return new PretrainState(json.required("weights").asText(), json.required("step").asInt(),
                    json.required("total_steps").asInt(), json.required("minutes").asDouble(),
                    json.required("training_seconds").asDouble(),
                    json.required("seed").asLong(), json.required("batch_size").asInt(),
                    JSON.treeToValue(json.required("shape"), DemoModelShape.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserInputException(MESSAGES.format("state.unreadable", file, e.getMessage()), e);
        }
    }

    /**
     * Checks that a run with {@code config} can continue this state.
     *
     * @throws UserInputException naming the setting that differs
     */
    void requireCompatible(Path file, PretrainConfig config) {
        if (seed != config.seed()) {
            throw new UserInputException(MESSAGES.format("state.differs", file, "--seed", seed, config.seed()));
        }
        if (batchSize != config.batchSize()) {
            throw new UserInputException(MESSAGES.format("state.differs", file, "batch size", batchSize,
                    config.batchSize()));
        }
        if (!shape.equals(config.shape())) {
            throw new UserInputException(MESSAGES.format("state.differs", file, "model shape", shape, config.shape()));
        }
    }
}
