package org.regiontag.engine.heatmap;

/**
 * Conversions between sRGB (8 bits per channel, D65 white), CIE XYZ, CIELAB and Msh, the polar
 * form of CIELAB used for diverging colormaps. Lab values are {L*, a*, b*}; Msh values are
 * {magnitude, saturation angle, hue angle} in radians.
 */
final class ColorSpaces {

    /** D65 reference white in XYZ, with Y = 1. */
    private static final double WHITE_X = 0.95047;
    private static final double WHITE_Y = 1.0;
    private static final double WHITE_Z = 1.08883;
    /** CIELAB's threshold between its linear and cube-root segments, (6/29)^3. */
    private static final double EPSILON = Math.pow(6.0 / 29.0, 3);

    private ColorSpaces() {
    }

    static double[] srgbToLab(int rgb) {
        double r = toLinear(((rgb >> 16) & 0xff) / 255.0);
        double g = toLinear(((rgb >> 8) & 0xff) / 255.0);
        double b = toLinear((rgb & 0xff) / 255.0);

        // IEC 61966-2-1 sRGB to XYZ matrix.
        double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
        double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;

        double fx = labF(x / WHITE_X);
        double fy = labF(y / WHITE_Y);
        double fz = labF(z / WHITE_Z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    /** Converts Lab to 0xRRGGBB, clipping channels that fall outside the sRGB gamut. */
    static int labToSrgb(double[] lab) {
        double fy = (lab[0] + 16) / 116;
        double fx = fy + lab[1] / 500;
        double fz = fy - lab[2] / 200;
        double x = WHITE_X * labFInverse(fx);
        double y = WHITE_Y * labFInverse(fy);
        double z = WHITE_Z * labFInverse(fz);

        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return (toByte(r) << 16) | (toByte(g) << 8) | toByte(b);
    }

    static double[] labToMsh(double[] lab) {
        double magnitude = Math.sqrt(lab[0] * lab[0] + lab[1] * lab[1] + lab[2] * lab[2]);
        double saturation = magnitude > 0 ? Math.acos(lab[0] / magnitude) : 0.0;
        double hue = saturation > 0 ? Math.atan2(lab[2], lab[1]) : 0.0;
        return new double[] {magnitude, saturation, hue};
    }

    static double[] mshToLab(double[] msh) {
        double magnitude = msh[0];
        double saturation = msh[1];
        double hue = msh[2];
        return new double[] {
            magnitude * Math.cos(saturation),
            magnitude * Math.sin(saturation) * Math.cos(hue),
            magnitude * Math.sin(saturation) * Math.sin(hue),
        };
    }

    private static double toLinear(double channel) {
        return channel <= 0.04045 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
    }

    private static int toByte(double linear) {
        double clipped = Math.min(1.0, Math.max(0.0, linear));
        double encoded = clipped <= 0.0031308 ? 12.92 * clipped : 1.055 * Math.pow(clipped, 1 / 2.4) - 0.055;
        return (int) Math.round(encoded * 255);
    }

    private static double labF(double t) {
        return t > EPSILON ? Math.cbrt(t) : t / (3 * (6.0 / 29.0) * (6.0 / 29.0)) + 4.0 / 29.0;
    }

    private static double labFInverse(double f) {
        return f > 6.0 / 29.0 ? f * f * f : 3 * (6.0 / 29.0) * (6.0 / 29.0) * (f - 4.0 / 29.0);
    }
}
