package org.regiontag.engine.demo;

/**
 * A colour with channels in [0, 1].
 *
 * @param red red channel in [0, 1]
 * @param green green channel in [0, 1]
 * @param blue blue channel in [0, 1]
 */
public record Rgb(double red, double green, double blue) {

    public Rgb {
        if (!inUnitRange(red) || !inUnitRange(green) || !inUnitRange(blue)) {
            throw new IllegalArgumentException(
                    "colour channels must lie in [0, 1]; got (" + red + ", " + green + ", " + blue + ")");
        }
    }

    /** Converts hue in [0, 1) (a full turn), saturation and value in [0, 1] to RGB. */
    public static Rgb fromHsv(double hue, double saturation, double value) {
        double sector = (hue - Math.floor(hue)) * 6;
        int index = (int) sector % 6;
        double fraction = sector - Math.floor(sector);
        double p = value * (1 - saturation);
        double q = value * (1 - saturation * fraction);
        double t = value * (1 - saturation * (1 - fraction));
        switch (index) {
            case 0:
                return new Rgb(value, t, p);
            case 1:
                return new Rgb(q, value, p);
            case 2:
                return new Rgb(p, value, t);
            case 3:
                return new Rgb(p, q, value);
            case 4:
                return new Rgb(t, p, value);
            default:
                return new Rgb(value, p, q);
        }
    }

    /** Euclidean distance in RGB space, between 0 and the square root of 3. */
    public double distance(Rgb other) {
        double dr = red - other.red;
        double dg = green - other.green;
        double db = blue - other.blue;
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    /** Returns the colour moved linearly towards {@code other} by {@code t} in [0, 1]. */
    public Rgb mix(Rgb other, double t) {
        return new Rgb(clip(red + (other.red - red) * t), clip(green + (other.green - green) * t),
                clip(blue + (other.blue - blue) * t));
    }

    /** Returns the colour with each channel multiplied by {@code factor} and clipped to [0, 1]. */
    public Rgb scaled(double factor) {
        return new Rgb(clip(red * factor), clip(green * factor), clip(blue * factor));
    }

    /** Packs the colour as Java2D's {@code 0xRRGGBB}, channels rounded to 8 bits. */
    public int toRgbInt() {
        return to8Bit(red) << 16 | to8Bit(green) << 8 | to8Bit(blue);
    }

    /**
     * Returns the nearest everyday colour word (black, white, grey, red, orange, brown, yellow, green,
     * cyan, blue, purple or pink), from hue, saturation and value; borders between words are
     * a judgement call, as they are for people.
     */
    public String colourName() {
        double max = Math.max(red, Math.max(green, blue));
        double min = Math.min(red, Math.min(green, blue));
        double saturation = max == 0 ? 0 : (max - min) / max;
        if (max < 0.22) {
            return "black";
        }
        if (saturation < 0.2) {
            return max > 0.85 ? "white" : "grey";
        }

        double hue = hueDegrees(max, min);
        if (hue < 15 || hue >= 345) {
            return saturation < 0.5 && max > 0.7 ? "pink" : "red";
        }
        if (hue < 42) {
            return max < 0.6 ? "brown" : "orange";
        }
        if (hue < 70) {
            return "yellow";
        }
        if (hue < 165) {
            return "green";
        }
        if (hue < 200) {
            return "cyan";
        }
        if (hue < 255) {
            return "blue";
        }
        if (hue < 290) {
            return "purple";
        }
        return "pink";
    }

    private double hueDegrees(double max, double min) {
        double delta = max - min;
        double hue;
        if (max == red) {
            hue = 60 * (((green - blue) / delta) % 6);
        } else if (max == green) {
            hue = 60 * ((blue - red) / delta + 2);
        } else {
            hue = 60 * ((red - green) / delta + 4);
        }
        return hue < 0 ? hue + 360 : hue;
    }

    static double clip(double value) {
        return Math.max(0, Math.min(1, value));
    }

    private static int to8Bit(double channel) {
        return (int) Math.round(channel * 255);
    }

    private static boolean inUnitRange(double value) {
        return value >= 0 && value <= 1;
    }
}
