package org.regiontag.db.io.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.coco.CocoReader;
import org.regiontag.db.io.voc.VocReader;
import org.regiontag.db.io.yolo.YoloReader;

class DatasetReadersTest {

    @Test
    void formatNamesGiveTheirReaders() {
        assertThat(DatasetReaders.formats()).containsExactly("voc", "coco", "csv", "csv-long", "yolo");
        assertThat(DatasetReaders.forFormat("voc")).isInstanceOf(VocReader.class);
        assertThat(DatasetReaders.forFormat("COCO")).isInstanceOf(CocoReader.class);
        assertThat(DatasetReaders.forFormat("yolo")).isInstanceOf(YoloReader.class);
    }

    @Test
    void unknownFormatIsRejected() {
        assertThatThrownBy(() -> DatasetReaders.forFormat("vocx"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("unknown format 'vocx'; expected one of voc, coco, csv, csv-long, yolo");
    }
}
