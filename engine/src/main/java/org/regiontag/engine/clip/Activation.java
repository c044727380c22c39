package org.regiontag.engine.clip;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The MLP activation of a CLIP transformer, as a checkpoint's {@code hidden_act} names it. */
public enum Activation {
    /** {@code x * sigmoid(1.702 x)}: what OpenAI trained every released CLIP with. */
    QUICK_GELU("quick_gelu"),
    /** The exact GELU, {@code x * Phi(x)} with the normal CDF (used by some retrained CLIPs). */
    GELU("gelu");

    private final String configName;

    Activation(String configName) {
        this.configName = configName;
    }

    /** The name in {@code config.json}. */
    public String configName() {
        return configName;
    }

    /** Looks up a {@code config.json} name; empty when unknown. */
    public static Optional<Activation> fromConfigName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(value -> value.configName.equals(lower)).findFirst();
    }

    /** The accepted names, for error messages. */
    public static String choices() {
        return String.join(", ", Arrays.stream(values()).map(Activation::configName).toList());
    }
}
