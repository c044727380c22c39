package org.regiontag.engine.clip.openai;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiontag.db.UserInputException;

/** The import's tokenizer check against the real CLIP vocabulary in the shared folder. */
@Tag("shared-data")
class ClipTokenizerCheckTest {

    private static Path clipTokenizer() {
        String shared = System.getProperty("regiontag.shared.dir");
        Path tokenizer = shared == null ? null : Path.of(shared, "clip-tokenizer", "tokenizer.json");
        assumeTrue(tokenizer != null && Files.isRegularFile(tokenizer),
                "skipped: the shared folder with clip-tokenizer/tokenizer.json is absent (-Dregiontag.shared.dir)");
        return tokenizer;
    }

    @Test
    void clipTokenizerFitsOpenAisVocabulary() {
        Path tokenizer = clipTokenizer();

        assertThatCode(() -> OpenAiArchiveConverter.checkTokenizer(tokenizer, 49408)).doesNotThrowAnyException();
    }

    @Test
    void clipTokenizerDoesNotFitASmallerEmbedding() {
        Path tokenizer = clipTokenizer();

        assertThatThrownBy(() -> OpenAiArchiveConverter.checkTokenizer(tokenizer, 1000))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("the tokenizer has 49408 tokens but the text tower's token embedding has 1000 rows");
    }
}
