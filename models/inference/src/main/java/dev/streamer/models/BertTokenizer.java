package dev.streamer.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The BERT uncased WordPiece tokenizer of all-MiniLM-L6-v2, read from its HuggingFace {@code tokenizer.json}
 * (BertNormalizer with lower-casing and accent stripping, BertPreTokenizer, WordPiece, {@code [CLS] … [SEP]}),
 * in plain Java.
 *
 * <p>Why not DJL's HuggingFace tokenizer: creating one reports usage over the network unless JVM-wide DJL
 * properties are set, and it unpacks a native library into a folder named by JVM-wide properties; inside a
 * Flink TaskManager the classifier must do neither. {@code BertTokenizerParityTest} (training module) checks that
 * this class gives exactly the HuggingFace tokenizer's ids on every GoEmotions text and on odd inputs.
 *
 * <p>Immutable and thread-safe.
 */
public final class BertTokenizer {

    private static final String PREFIX = "##";

    private final Map<String, Integer> vocab;
    /** Added tokens matched in the raw text before normalisation ({@code [CLS]}, {@code [UNK]}, …). */
    private final Map<String, Integer> added;

    private final int unk;
    private final int cls;
    private final int sep;
    private final int maxCharsPerWord;
    private final int maxTokens;

    private BertTokenizer(
            Map<String, Integer> vocab,
            Map<String, Integer> added,
            String unkToken,
            int maxCharsPerWord,
            int maxTokens) {
        this.vocab = vocab;
        this.added = added;
        this.unk = id(vocab, unkToken);
        this.cls = id(vocab, "[CLS]");
        this.sep = id(vocab, "[SEP]");
        this.maxCharsPerWord = maxCharsPerWord;
        this.maxTokens = maxTokens;
    }

    private static int id(Map<String, Integer> vocab, String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException("tokenizer vocabulary has no " + token);
        }
        return id;
    }

    /** Reads a HuggingFace {@code tokenizer.json} of a BERT WordPiece model; texts are cut at {@code maxTokens}. */
    public static BertTokenizer read(InputStream in, int maxTokens) throws IOException {
        JsonNode root = ModelCard.JSON.readTree(in);
        JsonNode model = root.path("model");
        JsonNode normalizer = root.path("normalizer");
        if (!"WordPiece".equals(model.path("type").asText())
                || !"BertNormalizer".equals(normalizer.path("type").asText())
                || !normalizer.path("lowercase").asBoolean()
                || !"BertPreTokenizer"
                        .equals(root.path("pre_tokenizer").path("type").asText())) {
            throw new IOException("not an uncased BERT WordPiece tokenizer.json");
        }
        Map<String, Integer> vocab = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        Map<String, Integer> added = new HashMap<>();
        for (JsonNode a : root.path("added_tokens")) {
            added.put(a.path("content").asText(), a.path("id").asInt());
        }
        if (maxTokens < 3) {
            throw new IllegalArgumentException("maxTokens must be >= 3");
        }
        return new BertTokenizer(
                vocab,
                added,
                model.path("unk_token").asText("[UNK]"),
                model.path("max_input_chars_per_word").asInt(100),
                maxTokens);
    }

    /** Token ids of one text: {@code [CLS]}, at most {@code maxTokens - 2} word pieces, {@code [SEP]}. */
    public long[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        String s = text == null ? "" : text;
        int start = 0;
        int limit = maxTokens - 2;
        while (start < s.length() && ids.size() < limit) {
            int nextAdded = -1;
            String addedToken = null;
            for (String a : added.keySet()) {
                int at = s.indexOf(a, start);
                if (at >= 0
                        && (nextAdded < 0 || at < nextAdded || (at == nextAdded && a.length() > addedToken.length()))) {
                    nextAdded = at;
                    addedToken = a;
                }
            }
            int end = nextAdded < 0 ? s.length() : nextAdded;
            wordPieces(s.substring(start, end), ids, limit);
            if (addedToken == null) {
                break;
            }
            if (ids.size() < limit) {
                ids.add(added.get(addedToken));
            }
            start = nextAdded + addedToken.length();
        }
        long[] out = new long[Math.min(ids.size(), limit) + 2];
        out[0] = cls;
        for (int i = 0; i < out.length - 2; i++) {
            out[i + 1] = ids.get(i);
        }
        out[out.length - 1] = sep;
        return out;
    }

    private void wordPieces(String raw, List<Integer> ids, int limit) {
        for (String word : preTokenize(normalize(raw))) {
            if (ids.size() >= limit) {
                return;
            }
            piece(word, ids);
        }
    }

    /** BertNormalizer: clean text, space around CJK ideographs, strip accents (NFD, drop Mn), lower-case. */
    static String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || isControl(c)) {
                return;
            }
            if (isWhitespace(c)) {
                sb.append(' ');
            } else if (isChinese(c)) {
                sb.append(' ').appendCodePoint(c).append(' ');
            } else {
                sb.appendCodePoint(c);
            }
        });
        String nfd = Normalizer.normalize(sb, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(nfd.length());
        nfd.codePoints()
                .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                .forEach(out::appendCodePoint);
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** BertPreTokenizer: split on whitespace (dropped) and punctuation (kept as single-character words). */
    static List<String> preTokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isWhitespace(c) || isWhitespace(c)) {
                flush(cur, words);
            } else if (isPunctuation(c)) {
                flush(cur, words);
                words.add(new String(Character.toChars(c)));
            } else {
                cur.appendCodePoint(c);
            }
        });
        flush(cur, words);
        return words;
    }

    private static void flush(StringBuilder cur, List<String> words) {
        if (cur.length() > 0) {
            words.add(cur.toString());
            cur.setLength(0);
        }
    }

    /** Greedy longest-match-first WordPiece; a word with an unknown piece, or too long, is one {@code [UNK]}. */
    private void piece(String word, List<Integer> ids) {
        int chars = word.codePointCount(0, word.length());
        if (chars > maxCharsPerWord) {
            ids.add(unk);
            return;
        }
        List<Integer> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (start < end) {
                String sub = word.substring(start, end);
                if (start > 0) {
                    sub = PREFIX + sub;
                }
                found = vocab.get(sub);
                if (found != null) {
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found == null) {
                ids.add(unk);
                return;
            }
            pieces.add(found);
            start = end;
        }
        ids.addAll(pieces);
    }

    private static boolean isWhitespace(int c) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            return true;
        }
        // Unicode White_Space, as Rust's char::is_whitespace
        return c == 0x0B
                || c == 0x0C
                || c == 0x85
                || c == 0xA0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x3000;
    }

    private static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int t = Character.getType(c);
        return t == Character.CONTROL
                || t == Character.FORMAT
                || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE
                || t == Character.SURROGATE;
    }

    private static boolean isPunctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        int t = Character.getType(c);
        return t == Character.CONNECTOR_PUNCTUATION
                || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    private static boolean isChinese(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF)
                || (c >= 0x3400 && c <= 0x4DBF)
                || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F)
                || (c >= 0x2B740 && c <= 0x2B81F)
                || (c >= 0x2B820 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF)
                || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
