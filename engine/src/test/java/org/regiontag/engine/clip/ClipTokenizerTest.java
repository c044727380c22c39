package org.regiontag.engine.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;

class ClipTokenizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    /** The tiny-vocabulary tokenizer.json that make_tiny_clip.py writes, committed so tests need no Python. */
    static Path tinyTokenizer(Path folder) throws IOException {
        Path file = folder.resolve("tokenizer.json");
        try (InputStream in = ClipTokenizerTest.class.getResourceAsStream("tiny-tokenizer.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    @Tag("shared-data")
    void reproducesClipReferenceIds() throws IOException {
        String shared = System.getProperty("regiontag.shared.dir", "../shared");
        Path folder = Path.of(shared, "clip-tokenizer");
        assumeTrue(Files.isRegularFile(folder.resolve("tokenizer.json")),
                "the shared CLIP tokenizer is not at " + folder.toAbsolutePath() + "; skipping");
        JsonNode cases = JSON.readTree(folder.resolve("expected-ids.json").toFile());

        try (ClipTokenizer tokenizer = ClipTokenizer.load(folder.resolve("tokenizer.json"), 77)) {
            assertThat(tokenizer.startId()).isEqualTo(49406);
            assertThat(tokenizer.endId()).isEqualTo(49407);
            for (JsonNode item : cases) {
                long[] expected = JSON.convertValue(item.get("ids"), long[].class);

                assertThat(tokenizer.encode(item.get("text").asText())).as(item.get("text").asText()).containsExactly(expected);
            }
        }
    }

    @Test
    @Tag("python")
    void tinyTokenizerMatchesPythonBpe() throws IOException {
        PythonReference.assumeAvailable();
        Path file = tinyTokenizer(temp);
        List<String> texts = List.of("a photo of a dog.", "A  Photo of a CAT", "teddy bear, cell phone!",
                "the person's table", "zebra 42");

        JsonNode expected = JSON.readTree(PythonReference.run("clip_reference.py", "tokenize", "--tokenizer",
                file.toString(), "--text", texts.get(0), texts.get(1), texts.get(2), texts.get(3), texts.get(4)));

        try (ClipTokenizer tokenizer = ClipTokenizer.load(file, 77)) {
            for (int i = 0; i < texts.size(); i++) {
                long[] ids = JSON.convertValue(expected.get(i), long[].class);

                assertThat(tokenizer.encode(texts.get(i))).as(texts.get(i)).containsExactly(ids);
            }
        }
    }

    @Test
    void batchPadsWithEndOfTextAndRecordsPositions() throws IOException {
        try (ClipTokenizer tokenizer = ClipTokenizer.load(tinyTokenizer(temp), 77)) {
            long[] dog = tokenizer.encode("a photo of a dog.");
            long[] cat = tokenizer.encode("cat");

            ClipTokenizer.TokenBatch longest = tokenizer.encodeBatch(List.of("a photo of a dog.", "cat"), false);
            ClipTokenizer.TokenBatch full = tokenizer.encodeBatch(List.of("a photo of a dog.", "cat"), true);

            assertThat(longest.length()).isEqualTo(dog.length);
            assertThat(full.length()).isEqualTo(77);
            assertThat(longest.eotPositions()).containsExactly(dog.length - 1, cat.length - 1);
            assertThat(full.eotPositions()).containsExactly(dog.length - 1, cat.length - 1);
            for (int i = cat.length; i < 77; i++) {
                assertThat(full.ids()[77 + i]).isEqualTo(tokenizer.endId());
            }
        }
    }

    @Test
    void tooLongPromptNamesItsTokenCount() throws IOException {
        String prompt = "dog ".repeat(80).strip();

        try (ClipTokenizer tokenizer = ClipTokenizer.load(tinyTokenizer(temp), 77)) {
            assertThatThrownBy(() -> tokenizer.encode(prompt))
                    .isInstanceOf(UserInputException.class)
                    .hasMessageContaining("has 82 tokens")
                    .hasMessageContaining("context length of 77")
                    .hasMessageContaining("dog dog");
            assertThat(tokenizer.encode("dog ".repeat(75).strip())).hasSize(77);
        }
    }

    @Test
    void whitespaceAndCaseAreCleaned() throws IOException {
        try (ClipTokenizer tokenizer = ClipTokenizer.load(tinyTokenizer(temp), 77)) {
            assertThat(tokenizer.encode("  A\tPhoto \n of a   DOG ")).containsExactly(tokenizer.encode("a photo of a dog"));
            assertThat(tokenizer.encode("")).containsExactly(tokenizer.startId(), tokenizer.endId());
        }
    }

    @Test
    void tokenizerWithoutEndOfTextIsRejected() throws IOException {
        JsonNode tokenizer = JSON.readTree(tinyTokenizer(temp).toFile());
        Path broken = temp.resolve("broken.json");
        String text = tokenizer.toString().replace("<|endoftext|>", "<|end|>");
        Files.writeString(broken, text);

        assertThatThrownBy(() -> ClipTokenizer.load(broken, 77))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("broken.json")
                .hasMessageContaining("<|endoftext|>");
    }

    @Test
    void missingTokenizerNamesTheFile() {
        assertThatThrownBy(() -> ClipTokenizer.load(temp.resolve("tokenizer.json"), 77))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("tokenizer.json")
                .hasMessageContaining("not found");
    }
}
