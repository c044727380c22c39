package org.regiontag.db.io.voc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.formats.SharedDatasets;

/** The reader on the real VOC sample, checked against counts taken from the XML text with regular expressions. */
@Tag("shared-data")
class VocSampleTest {

    private static final Pattern OBJECT = Pattern.compile("<object>(.*?)</object>", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("<name>\\s*(.*?)\\s*</name>");
    private static final Pattern DIFFICULT = Pattern.compile("<difficult>\\s*1\\s*</difficult>");

    @Test
    void vocSampleHasHundredImagesAndTwentyCategories() {
        Path voc2012 = SharedDatasets.require("voc-sample/VOCdevkit/VOC2012");

        ParsedDataset dataset = new VocReader().read(voc2012, null, null);

        assertThat(dataset.images()).hasSize(100);
        assertThat(VocReaderTest.names(dataset)).isEqualTo(VocCategories.VOC_CLASSES);
        assertThat(dataset.imageRoot()).isEqualTo(voc2012.resolve("JPEGImages"));
        assertThat(dataset.images()).allSatisfy(image -> {
            assertThat(voc2012.resolve("JPEGImages").resolve(image.path())).isRegularFile();
            assertThat(image.split()).isNull();
            assertThat(image.width()).isPositive();
        });
    }

    @Test
    void cellCountsMatchTheXmlFiles() throws IOException {
        Path voc2012 = SharedDatasets.require("voc-sample/VOCdevkit/VOC2012");
        Map<String, Integer> expectedPositive = new HashMap<>();
        Map<String, Integer> expectedNegative = new HashMap<>();
        int difficultOnlyPairs = 0;
        List<Path> xmlFiles;
        try (Stream<Path> files = Files.list(voc2012.resolve("Annotations"))) {
            xmlFiles = files.filter(file -> file.toString().endsWith(".xml")).toList();
        }
        for (Path xml : xmlFiles) {
            Set<String> clear = new HashSet<>();
            Set<String> any = new HashSet<>();
            Matcher object = OBJECT.matcher(Files.readString(xml));
            while (object.find()) {
                Matcher name = NAME.matcher(object.group(1));
                assertThat(name.find()).isTrue();
                any.add(name.group(1));
                if (!DIFFICULT.matcher(object.group(1)).find()) {
                    clear.add(name.group(1));
                }
            }
            for (String category : VocCategories.VOC_CLASSES) {
                if (clear.contains(category)) {
                    expectedPositive.merge(category, 1, Integer::sum);
                } else if (any.contains(category)) {
                    difficultOnlyPairs++;
                } else {
                    expectedNegative.merge(category, 1, Integer::sum);
                }
            }
        }

        ParsedDataset dataset = new VocReader().read(voc2012, null, null);

        for (String category : VocCategories.VOC_CLASSES) {
            assertThat(count(dataset, category, CellState.POSITIVE)).as("positives of %s", category)
                    .isEqualTo(expectedPositive.getOrDefault(category, 0).longValue());
            assertThat(count(dataset, category, CellState.NEGATIVE)).as("negatives of %s", category)
                    .isEqualTo(expectedNegative.getOrDefault(category, 0).longValue());
        }
        // The sample's README counts 15 (image, class) pairs with only difficult objects.
        assertThat(difficultOnlyPairs).isEqualTo(15);
        assertThat(dataset.notes()).anyMatch(note -> note.startsWith("15 (image, category) pairs have only difficult objects"));
    }

    @Test
    void difficultAsPositiveAddsTheDifficultOnlyPairs() {
        Path voc2012 = SharedDatasets.require("voc-sample/VOCdevkit/VOC2012");

        long defaultPositives = positives(new VocReader().read(voc2012, null, null));
        long difficultPositives = positives(new VocReader(true).read(voc2012, null, null));

        assertThat(difficultPositives - defaultPositives).isEqualTo(15);
    }

    @Test
    void voc2007ImageInTestAndTrainvalIsTest() {
        Path voc2007 = SharedDatasets.require("voc-sample/VOCdevkit/VOC2007");

        ParsedDataset dataset = new VocReader().read(voc2007, null, null);

        assertThat(dataset.images()).hasSize(1);
        DatasetImage image = dataset.images().get(0);
        assertThat(image.path()).isEqualTo("000001.jpg");
        assertThat(image.split()).isEqualTo(Split.TEST);
        assertThat(VocReaderTest.cell(dataset, image, "dog")).isEqualTo(CellState.POSITIVE);
        assertThat(VocReaderTest.cell(dataset, image, "person")).isEqualTo(CellState.POSITIVE);
        assertThat(image.cells()).hasSize(20);
    }

    private static long count(ParsedDataset dataset, String category, CellState state) {
        int index = VocReaderTest.names(dataset).indexOf(category);
        return dataset.images().stream().filter(image -> image.cells().get(index) == state).count();
    }

    private static long positives(ParsedDataset dataset) {
        return dataset.images().stream().flatMap(image -> image.cells().values().stream())
                .filter(state -> state == CellState.POSITIVE).count();
    }
}
