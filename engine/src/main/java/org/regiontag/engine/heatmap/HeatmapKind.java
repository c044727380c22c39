package org.regiontag.engine.heatmap;

import java.util.Locale;
import org.regiontag.db.UserInputException;

/** Which map a heatmap draws. */
public enum HeatmapKind {
    /**
     * cos(g⁺_c, F_ij): the category's positive prompt embedding against the dense feature at every
     * location. The learned g⁺ of the newest trained version, else the hand-crafted prompt embedding.
     */
    TEXT_PIXEL,
    /** CARL's region map r_c of the newest trained version: where the category's query attends. */
    REGION;

    /** The name on the command line: {@code text-pixel} or {@code region}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a command-line value.
     *
     * @throws UserInputException for an unknown value, listing the valid ones
     */
    public static HeatmapKind parse(String value) {
        for (HeatmapKind kind : values()) {
            if (kind.id().equals(value)) {
                return kind;
            }
        }
        throw new UserInputException(HeatmapMessages.format("kind.unknown", value));
    }
}
