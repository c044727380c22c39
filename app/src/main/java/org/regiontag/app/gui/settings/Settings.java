package org.regiontag.app.gui.settings;

import java.util.List;

/**
 * The user's settings of the application.
 *
 * @param confidentThreshold the probability from which "accept all confident suggestions" accepts a
 *     suggestion (for a proposed negative: one minus the probability), in [0.5, 1]
 * @param thumbnailSize the longest side of the browser's thumbnails in pixels, in [64, 256]
 * @param device where the engine computes: {@code auto}, {@code cpu} or {@code gpu}
 * @param model the CLIP model that feature extraction uses: a name that {@code regiontag model list} shows
 */
public record Settings(double confidentThreshold, int thumbnailSize, String device, String model) {

    /**
     * 0.9: a suggestion that confident is nearly always right for a trained model, and a batch
     * accept of less confident ones would teach the model its own mistakes.
     */
    public static final double DEFAULT_CONFIDENT_THRESHOLD = 0.9;
    /** 128 px: about 40 thumbnails fit on a laptop screen beside the image view and still show the object. */
    public static final int DEFAULT_THUMBNAIL_SIZE = 128;
    public static final int MIN_THUMBNAIL_SIZE = 64;
    public static final int MAX_THUMBNAIL_SIZE = 256;
    public static final String DEFAULT_DEVICE = "auto";
    /** The embedded demo model, so that a fresh installation works without a download. */
    public static final String DEFAULT_MODEL = "demo-tiny-clip";
    public static final List<String> DEVICES = List.of("auto", "cpu", "gpu");

    public Settings {
        if (!(confidentThreshold >= 0.5 && confidentThreshold <= 1.0)) {
            throw new IllegalArgumentException("confident threshold must be in [0.5, 1], got " + confidentThreshold);
        }
        if (thumbnailSize < MIN_THUMBNAIL_SIZE || thumbnailSize > MAX_THUMBNAIL_SIZE) {
            throw new IllegalArgumentException("thumbnail size must be in [" + MIN_THUMBNAIL_SIZE + ", "
                    + MAX_THUMBNAIL_SIZE + "], got " + thumbnailSize);
        }
        if (!DEVICES.contains(device)) {
            throw new IllegalArgumentException("device must be one of " + DEVICES + ", got '" + device + "'");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
    }

    public static Settings defaults() {
        return new Settings(DEFAULT_CONFIDENT_THRESHOLD, DEFAULT_THUMBNAIL_SIZE, DEFAULT_DEVICE, DEFAULT_MODEL);
    }

    public Settings withModel(String newModel) {
        return new Settings(confidentThreshold, thumbnailSize, device, newModel);
    }
}
