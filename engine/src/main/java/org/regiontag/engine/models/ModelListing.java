package org.regiontag.engine.models;

/**
 * One line of {@code regiontag model list}.
 *
 * @param name the name to pass to {@code --model}
 * @param source where the model comes from
 * @param origin the hub repository and revision, the imported folder, or the class-path location
 * @param status whether it can be used now
 * @param bytes size on disk (or in the jar) in bytes, -1 when nothing is there
 * @param location the folder it is read from, or the folder it would be downloaded to; {@code null} for
 *     an embedded model that is absent
 * @param description one line about the model, may be empty
 */
public record ModelListing(String name, Source source, String origin, Status status, long bytes, String location,
        String description) {

    /** The origin of a model. */
    public enum Source {
        /** A known checkpoint downloaded from the Hugging Face hub with {@code model get}. */
        HUB,
        /** The demo model bundled in the application. */
        EMBEDDED,
        /** A folder registered with {@code model import}. */
        IMPORTED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether a model can be used now. */
    public enum Status {
        /** All files are in place. */
        INSTALLED,
        /** A download started but has not finished; {@code model get} resumes it. */
        PARTIAL,
        /** Not downloaded, or (for the demo model) not bundled with this build. */
        ABSENT,
        /** Bundled in the application. */
        EMBEDDED,
        /** Imported, but its folder is gone or lacks a required file. */
        MISSING;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
