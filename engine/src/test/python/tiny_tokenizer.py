"""A CLIP-style byte-level BPE tokenizer with a tiny vocabulary, and a plain-Python encoder for it.

The vocabulary is laid out as CLIP's: the 256 byte symbols, the same with the end-of-word suffix
</w>, the merge results in merge order, then <|startoftext|> and <|endoftext|>. The merges are
learnt here from a few phrases, so the file is small enough to write in every test run.
"""
import re
from collections import Counter

CORPUS = ("a photo of a dog. a photo of a cat. a photo of a person on a motorbike. "
          "dining table, potted plant, tv monitor, teddy bear, cell phone, hair drier. "
          "the dog and the cat sit on the table; a person holds a phone.")
MERGE_COUNT = 60
END_OF_WORD = "</w>"
START, END = "<|startoftext|>", "<|endoftext|>"
# CLIP's pattern with \p{L} and \p{N} written for Python's re (the regex module is not installed):
# [^\W\d_] is a letter and \d a digit, which is exact for the ASCII text of the tests.
WORD_PATTERN = re.compile(r"'s|'t|'re|'ve|'m|'ll|'d|[^\W\d_]+|\d|[^\s\w]+|_+", re.IGNORECASE)


def bytes_to_unicode():
    """GPT-2's reversible map from bytes to printable characters, which CLIP's vocabulary uses."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) \
        + list(range(ord("®"), ord("ÿ") + 1))
    characters = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            characters.append(256 + extra)
            extra += 1
    return dict(zip(printable, [chr(c) for c in characters]))


def words(text):
    text = re.sub(r"\s+", " ", text).strip().lower()
    byte_map = bytes_to_unicode()
    return ["".join(byte_map[b] for b in word.encode("utf-8")) for word in WORD_PATTERN.findall(text)]


def learn_merges(text, count):
    """Plain BPE training: merge the most frequent adjacent pair, `count` times (ties: first seen)."""
    frequencies = Counter(words(text))
    splits = {word: list(word[:-1]) + [word[-1] + END_OF_WORD] for word in frequencies}
    merges = []
    for _ in range(count):
        pairs = Counter()
        for word, symbols in splits.items():
            for pair in zip(symbols, symbols[1:]):
                pairs[pair] += frequencies[word]
        if not pairs:
            break
        best = max(pairs.items(), key=lambda item: item[1])[0]
        merges.append(best)
        for word, symbols in splits.items():
            merged, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    merged.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            splits[word] = merged
    return merges


def build_tiny_tokenizer():
    """Return the tokenizer.json contents as a dict, in the layout of CLIP's real tokenizer.json."""
    symbols = list(bytes_to_unicode().values())
    vocab_list = symbols + [s + END_OF_WORD for s in symbols]
    merges = learn_merges(CORPUS, MERGE_COUNT)
    vocab_list += ["".join(pair) for pair in merges]
    vocab_list += [START, END]
    vocab = {token: index for index, token in enumerate(vocab_list)}
    special = [{"id": vocab[token], "content": token, "single_word": False, "lstrip": False, "rstrip": False,
                "normalized": False, "special": True} for token in (START, END)]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": special,
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "NFC"}, {"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": " "}, {"type": "Lowercase"}]},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+"},
             "behavior": "Removed", "invert": True},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
        "post_processor": {"type": "RobertaProcessing", "sep": [END, vocab[END]], "cls": [START, vocab[START]],
                           "trim_offsets": False, "add_prefix_space": False},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": END, "continuing_subword_prefix": "",
                  "end_of_word_suffix": END_OF_WORD, "fuse_unk": False, "byte_fallback": False,
                  "ignore_merges": False, "vocab": vocab, "merges": [" ".join(pair) for pair in merges]},
    }


def encode(tokenizer, text):
    """Token ids of `text` with start and end tokens, by OpenAI's BPE procedure (lowest merge rank first)."""
    model = tokenizer["model"]
    vocab = model["vocab"]
    ranks = {tuple(merge.split(" ")): rank for rank, merge in enumerate(model["merges"])}
    ids = [vocab[START]]
    for word in words(text):
        symbols = list(word[:-1]) + [word[-1] + END_OF_WORD]
        while len(symbols) > 1:
            pairs = [(ranks.get(pair, float("inf")), i) for i, pair in enumerate(zip(symbols, symbols[1:]))]
            rank, _ = min(pairs)
            if rank == float("inf"):
                break
            best = min(pairs)[1]
            first, second = symbols[best], symbols[best + 1]
            merged, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and symbols[i] == first and symbols[i + 1] == second:
                    merged.append(first + second)
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            symbols = merged
        ids += [vocab[symbol] for symbol in symbols]
    ids.append(vocab[END])
    return ids
