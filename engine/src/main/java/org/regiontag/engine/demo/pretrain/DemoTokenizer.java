package org.regiontag.engine.demo.pretrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.regiontag.engine.clip.ClipTokenizer;
import org.regiontag.engine.demo.SceneCategory;
import org.regiontag.engine.demo.SceneGenerator;
import org.regiontag.engine.io.AtomicFiles;

/**
 * Generates the demo model's own {@code tokenizer.json}: a byte-level BPE tokenizer in the layout
 * of CLIP's (the same normaliser, pre-tokeniser, {@code </w>} end-of-word suffix,
 * {@code <|startoftext|>} and {@code <|endoftext|>}, padding with end-of-text), with a vocabulary
 * small enough for a model of a few megabytes.
 *
 * <p>The vocabulary is laid out as CLIP's: the 256 byte symbols, the same with {@code </w>}, one
 * entry per merge in merge order, then the two special tokens. Because every byte symbol is in
 * it, any text tokenises, unknown words into pieces. The merges are learnt by plain BPE over
 * {@link #words()}, the words of the demo's categories, prompt templates and captions, until every
 * one of those words is a single token.
 */
public final class DemoTokenizer {

    /** CLIP's end-of-word marker on the last symbol of a word. */
    static final String END_OF_WORD = "</w>";

    /** Words of captions beyond the category names: articles, counts up to the demo's 4 objects, sizes. */
    private static final List<String> CAPTION_WORDS = List.of("a", "an", "and", "two", "three", "four", "small",
            "large", "empty", "scene");
    /** The colour names of captions with colours, so that prompts such as "a red star" stay short. */
    private static final List<String> COLOUR_WORDS = List.of("black", "white", "grey", "red", "pink", "orange",
            "brown", "yellow", "green", "cyan", "blue", "purple");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The symbol of each byte value, indexed by the byte. */
    private static final String[] SYMBOL_BY_BYTE = symbolsByByte();

    private final List<String> vocabulary;
    private final List<String[]> merges;

    private DemoTokenizer(List<String> vocabulary, List<String[]> merges) {
        this.vocabulary = vocabulary;
        this.merges = merges;
    }

    /** Builds the tokenizer from {@link #words()}; the result is the same on every run. */
    public static DemoTokenizer build() {
        List<String> symbols = byteSymbols();
        List<String[]> merges = learnMerges(words());

        List<String> vocabulary = new ArrayList<>(symbols);
        symbols.forEach(symbol -> vocabulary.add(symbol + END_OF_WORD));
        merges.forEach(pair -> vocabulary.add(pair[0] + pair[1]));
        vocabulary.add(ClipTokenizer.START_OF_TEXT);
        vocabulary.add(ClipTokenizer.END_OF_TEXT);
        return new DemoTokenizer(List.copyOf(vocabulary), List.copyOf(merges));
    }

    /**
     * Returns the words that become single tokens, sorted: the category names and plurals, the
     * words of {@link SceneGenerator#PROMPT_TEMPLATES}, and the words of captions.
     */
    public static List<String> words() {
        TreeSet<String> words = new TreeSet<>();
        for (SceneCategory category : SceneCategory.values()) {
            words.add(category.label());
            words.add(category.plural());
        }
        for (String template : SceneGenerator.PROMPT_TEMPLATES) {
            for (String word : template.replace("{}", " ").split("[^a-z]+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        words.addAll(CAPTION_WORDS);
        words.addAll(COLOUR_WORDS);
        return List.copyOf(words);
    }

    /** Returns the number of tokens, special tokens included. */
    public int vocabularySize() {
        return vocabulary.size();
    }

    /** Returns the id of {@code <|endoftext|>}, the padding token. */
    public int endId() {
        return vocabulary.size() - 1;
    }

    /**
     * Splits one lower-case word into its tokens with the learnt merges, lowest merge rank first,
     * as BPE tokenizers apply them; used to check that every word of {@link #words()} is one token.
     */
    List<String> tokenize(String word) {
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < merges.size(); i++) {
            ranks.put(merges.get(i)[0] + " " + merges.get(i)[1], i);
        }
        List<String> symbols = split(word);
        while (symbols.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = ranks.get(symbols.get(i) + " " + symbols.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            symbols = merge(symbols, symbols.get(best), symbols.get(best + 1));
        }
        return symbols;
    }

    /** Returns the {@code tokenizer.json} content in the Hugging Face {@code tokenizers} format. */
    public ObjectNode toJson() {
        int startId = vocabulary.size() - 2;
        int endId = endId();
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        ObjectNode padding = root.putObject("padding");
        padding.put("strategy", "BatchLongest");
        padding.put("direction", "Right");
        padding.putNull("pad_to_multiple_of");
        padding.put("pad_id", endId);
        padding.put("pad_type_id", 0);
        padding.put("pad_token", ClipTokenizer.END_OF_TEXT);

        ArrayNode added = root.putArray("added_tokens");
        addSpecial(added, startId, ClipTokenizer.START_OF_TEXT);
        addSpecial(added, endId, ClipTokenizer.END_OF_TEXT);

        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "Sequence");
        ArrayNode normalizers = normalizer.putArray("normalizers");
        normalizers.addObject().put("type", "NFC");
        ObjectNode whitespace = normalizers.addObject();
        whitespace.put("type", "Replace");
        whitespace.putObject("pattern").put("Regex", "\\s+");
        whitespace.put("content", " ");
        normalizers.addObject().put("type", "Lowercase");

        ObjectNode preTokenizer = root.putObject("pre_tokenizer");
        preTokenizer.put("type", "Sequence");
        ArrayNode preTokenizers = preTokenizer.putArray("pretokenizers");
        ObjectNode split = preTokenizers.addObject();
        split.put("type", "Split");
        // CLIP's word pattern: contractions, runs of letters, single digits, runs of other symbols.
        split.putObject("pattern").put("Regex", "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+");
        split.put("behavior", "Removed");
        split.put("invert", true);
        ObjectNode byteLevel = preTokenizers.addObject();
        byteLevel.put("type", "ByteLevel");
        byteLevel.put("add_prefix_space", false);
        byteLevel.put("trim_offsets", true);
        byteLevel.put("use_regex", false);

        ObjectNode postProcessor = root.putObject("post_processor");
        postProcessor.put("type", "RobertaProcessing");
        postProcessor.putArray("sep").add(ClipTokenizer.END_OF_TEXT).add(endId);
        postProcessor.putArray("cls").add(ClipTokenizer.START_OF_TEXT).add(startId);
        postProcessor.put("trim_offsets", false);
        postProcessor.put("add_prefix_space", false);

        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "ByteLevel");
        decoder.put("add_prefix_space", true);
        decoder.put("trim_offsets", true);
        decoder.put("use_regex", true);

        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", ClipTokenizer.END_OF_TEXT);
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", END_OF_WORD);
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < vocabulary.size(); id++) {
            vocab.put(vocabulary.get(id), id);
        }
        ArrayNode mergeList = model.putArray("merges");
        merges.forEach(pair -> mergeList.add(pair[0] + " " + pair[1]));
        return root;
    }

    /** Writes {@link #toJson()} to {@code file} atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(toJson()));
    }

    private static void addSpecial(ArrayNode added, int id, String content) {
        ObjectNode token = added.addObject();
        token.put("id", id);
        token.put("content", content);
        token.put("single_word", false);
        token.put("lstrip", false);
        token.put("rstrip", false);
        token.put("normalized", false);
        token.put("special", true);
    }

    /**
     * Learns merges by plain BPE: while a word has more than one symbol, merge the most frequent
     * adjacent pair everywhere (ties go to the alphabetically first pair, so the result is stable).
     */
    static List<String[]> learnMerges(List<String> words) {
        Map<String, List<String>> splits = new LinkedHashMap<>();
        for (String word : words) {
            splits.put(word, split(word));
        }
        List<String[]> merges = new ArrayList<>();
        while (true) {
            Map<String, Integer> counts = new HashMap<>();
            for (List<String> symbols : splits.values()) {
                for (int i = 0; i + 1 < symbols.size(); i++) {
                    counts.merge(symbols.get(i) + " " + symbols.get(i + 1), 1, Integer::sum);
                }
            }
            if (counts.isEmpty()) {
                return merges;
            }
            String best = null;
            for (Map.Entry<String, Integer> entry : counts.entrySet()) {
                if (best == null || entry.getValue() > counts.get(best)
                        || (entry.getValue().equals(counts.get(best)) && entry.getKey().compareTo(best) < 0)) {
                    best = entry.getKey();
                }
            }
            String[] pair = best.split(" ");
            merges.add(pair);
            splits.replaceAll((word, symbols) -> merge(symbols, pair[0], pair[1]));
        }
    }

    /** Splits a word into its byte symbols, the last one with {@link #END_OF_WORD}. */
    private static List<String> split(String word) {
        List<String> symbols = new ArrayList<>();
        for (byte value : word.getBytes(StandardCharsets.UTF_8)) {
            symbols.add(SYMBOL_BY_BYTE[value & 0xff]);
        }
        int last = symbols.size() - 1;
        symbols.set(last, symbols.get(last) + END_OF_WORD);
        return symbols;
    }

    private static List<String> merge(List<String> symbols, String first, String second) {
        List<String> merged = new ArrayList<>(symbols.size());
        int i = 0;
        while (i < symbols.size()) {
            if (i + 1 < symbols.size() && symbols.get(i).equals(first) && symbols.get(i + 1).equals(second)) {
                merged.add(first + second);
                i += 2;
            } else {
                merged.add(symbols.get(i));
                i++;
            }
        }
        return merged;
    }

    /**
     * Returns GPT-2's reversible map from bytes to printable characters (which CLIP's vocabulary
     * uses) as the list of 256 symbols in CLIP's vocabulary order: the printable bytes
     * {@code !..~}, {@code ¡..¬} and {@code ®..ÿ} stand for themselves, the other bytes map to
     * code points from 256 up, in byte order.
     */
    static List<String> byteSymbols() {
        List<String> printable = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (int value = 0; value < 256; value++) {
            (isPrintable(value) ? printable : others).add(SYMBOL_BY_BYTE[value]);
        }
        printable.addAll(others);
        return printable;
    }

    private static String[] symbolsByByte() {
        String[] byByte = new String[256];
        int extra = 0;
        for (int value = 0; value < 256; value++) {
            byByte[value] = String.valueOf((char) (isPrintable(value) ? value : 256 + extra++));
        }
        return byByte;
    }

    private static boolean isPrintable(int value) {
        return (value >= '!' && value <= '~') || (value >= 0xA1 && value <= 0xAC) || (value >= 0xAE && value <= 0xFF);
    }
}
