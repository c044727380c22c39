package org.regiontag.db.io.export;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of an export.
 *
 * @param format the format
 * @param target the file or folder written
 * @param imageRoot the folder the exported image paths are relative to, or {@code null} when the
 *     dataset roots share no folder and the paths are absolute
 * @param images images exported
 * @param categories categories exported
 * @param positive positive cells
 * @param negative negative cells
 * @param warnings one-line remarks the user should see, such as what plain tools ignore
 */
public record ExportSummary(ExportFormat format, Path target, Path imageRoot, long images, int categories,
        long positive, long negative, List<String> warnings) {

    public ExportSummary {
        warnings = List.copyOf(warnings);
    }
}
