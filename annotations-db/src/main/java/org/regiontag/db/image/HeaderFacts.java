package org.regiontag.db.image;

/**
 * The facts a format parser has found so far. It stays readable when the parse fails, so that a
 * damaged file still reports the size and orientation its header declared.
 */
final class HeaderFacts {

    private final ImageLimits limits;
    private final ImageFormat format;
    private int width;
    private int height;
    private int orientation = 1;
    private byte[] iccProfile;

    HeaderFacts(ImageFormat format, ImageLimits limits) {
        this.format = format;
        this.limits = limits;
    }

    /**
     * Records the stored size that the header declares, refusing an empty image or one above the
     * limits before anything is allocated for it.
     */
    void declareSize(long declaredWidth, long declaredHeight) throws ImageFormatException {
        if (declaredWidth < 1 || declaredHeight < 1) {
            throw ImageFormatException.of("reason.zeroSize", declaredWidth, declaredHeight);
        }
        if (declaredWidth <= Integer.MAX_VALUE && declaredHeight <= Integer.MAX_VALUE) {
            width = (int) declaredWidth;
            height = (int) declaredHeight;
        }
        if (!limits.admits(declaredWidth, declaredHeight)) {
            throw ImageFormatException.of("reason.tooLarge", declaredWidth, declaredHeight,
                    limits.maxSide(), limits.maxPixels() / 1_000_000.0);
        }
    }

    boolean sizeKnown() {
        return width > 0;
    }

    /** Records an EXIF or TIFF orientation; values outside 1 to 8 (0 is common) mean "as stored". */
    void declareOrientation(int value) {
        orientation = value >= 1 && value <= 8 ? value : 1;
    }

    void declareIccProfile(byte[] profile) {
        iccProfile = profile;
    }

    ImageHeader toHeader() {
        return new ImageHeader(format, width, height, orientation, iccProfile);
    }
}
