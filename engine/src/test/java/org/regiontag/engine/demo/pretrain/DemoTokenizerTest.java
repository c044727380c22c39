package org.regiontag.engine.demo.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.engine.clip.ClipTokenizer;
import org.regiontag.engine.demo.SceneCategory;
import org.regiontag.engine.demo.SceneGenerator;

/** The demo tokenizer, read back through the Hugging Face tokenizers library as every checkpoint's is. */
class DemoTokenizerTest {

    @TempDir
    Path temp;

    @Test
    void everyDemoWordIsOneToken() throws IOException {
        DemoTokenizer built = DemoTokenizer.build();
        Path file = temp.resolve("tokenizer.json");
        built.write(file);

        try (ClipTokenizer tokenizer = ClipTokenizer.load(file, 77)) {
            for (String word : DemoTokenizer.words()) {
                assertThat(built.tokenize(word)).as("BPE of '%s'", word).hasSize(1);
                assertThat(tokenizer.encode(word)).as("ids of '%s'", word).hasSize(3);
            }
            assertThat(DemoTokenizer.words()).contains("circle", "umbrellas", "photo", "rendering", "there", "small",
                    "two", "red");
        }
    }

    @Test
    void promptsTokeniseIntoWordsAndPunctuation() throws IOException {
        Path file = temp.resolve("tokenizer.json");
        DemoTokenizer built = DemoTokenizer.build();
        built.write(file);

        try (ClipTokenizer tokenizer = ClipTokenizer.load(file, 77)) {
            long[] ids = tokenizer.encode(SceneGenerator.prompt(SceneGenerator.PROMPT_TEMPLATES.get(0), "arrow"));
            long[] caption = tokenizer.encode("A star, two rings and a small arrow");

            assertThat(ids).hasSize(8); // <start> a photo of an arrow . <end>
            assertThat(ids[0]).isEqualTo(tokenizer.startId());
            assertThat(ids[7]).isEqualTo(tokenizer.endId());
            assertThat(caption).hasSize(11); // <start> a star , two rings and a small arrow <end>
            assertThat(tokenizer.startId()).isEqualTo(built.vocabularySize() - 2);
            assertThat(tokenizer.endId()).isEqualTo(built.endId());
            for (SceneCategory category : SceneCategory.values()) {
                for (String template : SceneGenerator.PROMPT_TEMPLATES) {
                    assertThat(tokenizer.encode(SceneGenerator.prompt(template, category.label())).length)
                            .isLessThanOrEqualTo(12);
                }
            }
        }
    }

    @Test
    void unknownWordsTokeniseIntoPieces() throws IOException {
        Path file = temp.resolve("tokenizer.json");
        DemoTokenizer.build().write(file);

        try (ClipTokenizer tokenizer = ClipTokenizer.load(file, 77)) {
            long[] zebra = tokenizer.encode("zebra");
            long[] accented = tokenizer.encode("café №5");
            ClipTokenizer.TokenBatch batch = tokenizer.encodeBatch(List.of("a star", "a photo of a small tree"), false);

            assertThat(zebra.length).isGreaterThan(3);
            assertThat(accented.length).isGreaterThan(3);
            assertThat(batch.ids()[batch.length() - 1]).as("padding").isEqualTo(tokenizer.endId());
        }
    }

    @Test
    void vocabularyIsSmallAndStable() throws IOException {
        Path first = temp.resolve("first.json");
        Path second = temp.resolve("second.json");

        DemoTokenizer.build().write(first);
        DemoTokenizer.build().write(second);

        assertThat(DemoTokenizer.build().vocabularySize()).isBetween(600, 1000);
        assertThat(first).hasSameBinaryContentAs(second);
        assertThat(Files.size(first)).isLessThan(64 * 1024);
        assertThat(DemoTokenizer.byteSymbols()).hasSize(256).doesNotHaveDuplicates().startsWith("!", "\"", "#");
    }
}
