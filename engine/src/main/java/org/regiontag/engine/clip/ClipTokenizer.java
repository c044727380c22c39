package org.regiontag.engine.clip;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.regiontag.db.UserInputException;

/**
 * CLIP's byte-level BPE tokenizer, read from a checkpoint's {@code tokenizer.json} through the
 * Hugging Face {@code tokenizers} library.
 *
 * <p>Text is cleaned as OpenAI's tokenizer does it (runs of whitespace become one space, ends
 * trimmed, lower case) before the file's own normaliser runs, then wrapped in
 * {@code <|startoftext|>} and {@code <|endoftext|>}; both ids come from the tokenizer's vocabulary,
 * never from a model config. Batches are padded with the end-of-text id, as Hugging Face's CLIP
 * tokenizer pads; the text tower pools at the first end-of-text token, so padding never matters.
 *
 * <p>NOTE: OpenAI's tokenizer also repairs mojibake with {@code ftfy} and unescapes HTML entities;
 * neither is done here (nor by Hugging Face's fast tokenizer), so text with such damage may
 * tokenize differently.
 */
public final class ClipTokenizer implements AutoCloseable {

    public static final String START_OF_TEXT = "<|startoftext|>";
    public static final String END_OF_TEXT = "<|endoftext|>";
    /** CLIP's context length: every released CLIP has 77 positional embeddings. */
    public static final int DEFAULT_CONTEXT_LENGTH = 77;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final HuggingFaceTokenizer tokenizer;
    private final Path file;
    private final int contextLength;
    private final long startId;
    private final long endId;

    private ClipTokenizer(HuggingFaceTokenizer tokenizer, Path file, int contextLength, long startId, long endId) {
        this.tokenizer = tokenizer;
        this.file = file;
        this.contextLength = contextLength;
        this.startId = startId;
        this.endId = endId;
    }

    /**
     * Loads a {@code tokenizer.json}.
     *
     * @param contextLength the longest sequence in tokens, start and end tokens included
     * @throws UserInputException when the file is missing, invalid, or lacks CLIP's special tokens
     */
    public static ClipTokenizer load(Path tokenizerJson, int contextLength) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new UserInputException(ClipMessages.format("tokenizer.missing", tokenizerJson));
        }
        HuggingFaceTokenizer tokenizer;
        try {
            // Special tokens, padding and truncation are handled here, not by the file's settings.
            tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("addSpecialTokens", "false", "padding", "false", "truncation", "false"));
        } catch (IOException | RuntimeException e) {
            throw new UserInputException(ClipMessages.format("tokenizer.unreadable", tokenizerJson, e.getMessage()), e);
        }
        try {
            long startId = specialTokenId(tokenizer, tokenizerJson, START_OF_TEXT);
            long endId = specialTokenId(tokenizer, tokenizerJson, END_OF_TEXT);
            return new ClipTokenizer(tokenizer, tokenizerJson, contextLength, startId, endId);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static long specialTokenId(HuggingFaceTokenizer tokenizer, Path file, String token) {
        Encoding encoding = tokenizer.encode(token, false, false);
        if (encoding.getIds().length != 1 || !token.equals(encoding.getTokens()[0])) {
            throw new UserInputException(ClipMessages.format("checkpoint.tokenizerVocabulary", file, token));
        }
        return encoding.getIds()[0];
    }

    /** The id of {@code <|startoftext|>}. */
    public long startId() {
        return startId;
    }

    /** The id of {@code <|endoftext|>}, where the text tower pools. */
    public long endId() {
        return endId;
    }

    public int contextLength() {
        return contextLength;
    }

    /** The {@code tokenizer.json} this was loaded from. */
    public Path file() {
        return file;
    }

    /**
     * Tokenizes one prompt: start token, the text's tokens, end token, no padding.
     *
     * @throws UserInputException naming the prompt and its token count when it exceeds the context length
     */
    public long[] encode(String text) {
        String cleaned = clean(text);
        long[] body = cleaned.isEmpty() ? new long[0] : tokenizer.encode(cleaned, false, false).getIds();
        int length = body.length + 2;
        if (length > contextLength) {
            throw new UserInputException(ClipMessages.format("tokenizer.tooLong", text, length, contextLength));
        }
        long[] ids = new long[length];
        ids[0] = startId;
        System.arraycopy(body, 0, ids, 1, body.length);
        ids[length - 1] = endId;
        return ids;
    }

    /**
     * Tokenizes prompts into one batch padded with the end-of-text id.
     *
     * @param padToContextLength pad to the context length (CLIP's usual 77) instead of to the longest prompt
     */
    public TokenBatch encodeBatch(List<String> texts, boolean padToContextLength) {
        long[][] encoded = texts.stream().map(this::encode).toArray(long[][]::new);
        int longest = Arrays.stream(encoded).mapToInt(ids -> ids.length).max().orElse(2);
        int length = padToContextLength ? contextLength : longest;
        long[] ids = new long[encoded.length * length];
        long[] eotPositions = new long[encoded.length];
        for (int row = 0; row < encoded.length; row++) {
            Arrays.fill(ids, row * length, (row + 1) * length, endId);
            System.arraycopy(encoded[row], 0, ids, row * length, encoded[row].length);
            eotPositions[row] = encoded[row].length - 1;
        }
        return new TokenBatch(ids, eotPositions, encoded.length, length);
    }

    /** OpenAI's {@code whitespace_clean} and lower-casing. */
    static String clean(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /**
     * Token ids of several prompts, padded to one length.
     *
     * @param ids row-major {@code (batch, length)}
     * @param eotPositions {@code (batch,)}: the index of each prompt's (first) end-of-text token
     * @param batch number of prompts
     * @param length tokens per row
     */
    public record TokenBatch(long[] ids, long[] eotPositions, int batch, int length) {
    }
}
