package org.regiontag.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The one place where RegionTag reaches DJL's PyTorch engine.
 *
 * <p>DJL probes a cloud metadata address and sends telemetry on first use unless
 * {@code ai.djl.offline} and {@code OPT_OUT_TRACKING} are set before any DJL class loads. Every
 * {@code main} calls {@link #configureOffline()} as its first statement, and {@link #engine()}
 * refuses to start the engine when either setting is absent, so that a forgotten entry point fails
 * loudly instead of phoning home.
 */
public final class Djl {

    public static final String ENGINE_NAME = "PyTorch";
    static final String OFFLINE_PROPERTY = "ai.djl.offline";
    static final String OFFLINE_ENVIRONMENT = "DJL_OFFLINE";
    static final String TRACKING_PROPERTY = "OPT_OUT_TRACKING";

    private Djl() {
    }

    /** Sets the two settings that keep DJL from any network access; call before anything else. */
    public static void configureOffline() {
        System.setProperty(OFFLINE_PROPERTY, "true");
        System.setProperty(TRACKING_PROPERTY, "true");
    }

    /**
     * Returns whether both offline settings are in force. DJL reads the environment variables
     * {@code DJL_OFFLINE} and {@code OPT_OUT_TRACKING} before the system properties, so an
     * environment value of {@code false} overrides what {@link #configureOffline()} sets.
     */
    public static boolean isOfflineConfigured() {
        return isOfflineConfigured(System.getenv(), System.getProperties());
    }

    static boolean isOfflineConfigured(Map<String, String> environment, Properties properties) {
        String offline = environment.getOrDefault(OFFLINE_ENVIRONMENT, properties.getProperty(OFFLINE_PROPERTY));
        String tracking = environment.getOrDefault(TRACKING_PROPERTY, properties.getProperty(TRACKING_PROPERTY));
        return "true".equalsIgnoreCase(offline) && "true".equalsIgnoreCase(tracking);
    }

    /**
     * Returns the PyTorch engine, starting it on first use.
     *
     * @throws IllegalStateException when the offline settings are not in force
     */
    public static Engine engine() {
        if (!isOfflineConfigured()) {
            throw new IllegalStateException("DJL would contact the network: set -D" + OFFLINE_PROPERTY
                    + "=true and " + TRACKING_PROPERTY + "=true before the engine starts (Djl.configureOffline())");
        }
        return Engine.getEngine(ENGINE_NAME);
    }

    /**
     * Creates a root manager on the given device; every NDArray of RegionTag descends from one of
     * these, and callers close it (try-with-resources).
     */
    public static NDManager newBaseManager(Device device) {
        return engine().newBaseManager(device);
    }

    /**
     * Chooses the device for a {@code --device} value: {@code auto} takes the first GPU that DJL
     * finds and the CPU otherwise; {@code gpu} fails when there is none.
     */
    public static Device device(String choice) {
        Engine engine = engine();
        String normalised = choice == null ? "auto" : choice.toLowerCase(Locale.ROOT);
        switch (normalised) {
            case "auto":
                return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (engine.getGpuCount() == 0) {
                    throw new org.regiontag.db.UserInputException("--device gpu: no CUDA GPU is visible to the PyTorch"
                            + " engine (it has the CPU build of libtorch or no driver); use --device cpu or auto");
                }
                return Device.gpu();
            default:
                throw new org.regiontag.db.UserInputException(
                        "unknown device '" + choice + "'; expected one of auto, cpu, gpu");
        }
    }
}
