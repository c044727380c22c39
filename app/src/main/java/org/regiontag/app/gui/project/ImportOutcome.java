package org.regiontag.app.gui.project;

import java.nio.file.Path;
import org.regiontag.db.io.ImportSummary;

/**
 * What an import did.
 *
 * @param projectFolder the project the dataset went into
 * @param createdProject whether the import created that project
 * @param summary the store's summary
 */
public record ImportOutcome(Path projectFolder, boolean createdProject, ImportSummary summary) {
}
