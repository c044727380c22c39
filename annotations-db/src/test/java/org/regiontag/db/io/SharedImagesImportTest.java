package org.regiontag.db.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;

/** Real photographs with unusual encodings, imported through the writer. */
@Tag("shared-data")
class SharedImagesImportTest {

    @TempDir
    Path temp;

    @Test
    void oddImagesImportWithStatusAndReason() throws Exception {
        Path oddInputs = Path.of(System.getProperty("regiontag.shared.dir", "../shared"), "datasets", "odd-inputs");
        assumeTrue(Files.isDirectory(oddInputs), "shared datasets folder not found at " + oddInputs.toAbsolutePath()
                + "; set -Dregiontag.shared.dir to run this test");
        List<String> images;
        try (Stream<Path> files = Files.walk(oddInputs)) {
            images = files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)"))
                    .map(file -> oddInputs.relativize(file).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        assertThat(images).hasSizeGreaterThan(10);

        try (Project project = Project.create(temp.resolve("p"), "odd")) {
            ImportSummary summary = new DatasetWriter(project.database()).write(new ParsedDataset("test",
                    oddInputs.resolve("list"), oddInputs, List.of(new DatasetCategory("cat", null)),
                    images.stream().map(path -> new DatasetImage(path, null, Map.of(), 0, 0)).toList(), List.of()),
                    ImportOptions.of("ana"), ProgressReporter.NONE);

            assertThat(summary.imagesAdded()).isEqualTo(images.size());
            assertThat(summary.missingImages()).isEmpty();
            List<ImageRecord> stored = project.database().read(connection -> {
                List<ImageRecord> all = new java.util.ArrayList<>();
                new ImageRepository(connection).forEachImage(all::add);
                return all;
            });
            for (ImageRecord image : stored) {
                if (image.status() == ImageStatus.OK) {
                    assertThat(image.width()).as(image.path()).isPositive();
                    assertThat(image.height()).as(image.path()).isPositive();
                    assertThat(image.sha256()).as(image.path()).hasSize(64);
                } else {
                    assertThat(image.status()).as(image.path()).isEqualTo(ImageStatus.DAMAGED);
                    assertThat(image.statusReason()).as(image.path()).isNotBlank();
                }
            }
            assertThat(stored).filteredOn(image -> image.status() == ImageStatus.OK).isNotEmpty();
        }
    }
}
