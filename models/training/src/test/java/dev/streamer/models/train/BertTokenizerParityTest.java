package dev.streamer.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.streamer.models.BertTokenizer;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The inference module's Java WordPiece tokenizer gives exactly the ids of the HuggingFace tokenizer (Rust, through
 * DJL) for the same tokenizer.json: on every GoEmotions text (train, dev, test) and on odd inputs.
 */
class BertTokenizerParityTest {

    @Test
    void sameIdsAsTheHuggingFaceTokenizer() throws Exception {
        byte[] json = BaseModel.TOKENIZER.bytes();
        BertTokenizer mine = BertTokenizer.read(new ByteArrayInputStream(json), 128);
        List<String> texts = new ArrayList<>(List.of(
                "",
                " ",
                "   \n\t  ",
                "😀😂🔥🎉",
                "!!!???",
                "a",
                "Café naïve résumé",
                "Das ist wirklich wunderbar, ich freue mich sehr!",
                "这真是太令人难过了",
                "Это ужасно, я боюсь.",
                "هذا رائع جدا",
                "こんにちは、元気ですか？",
                "\u0000\u0001 control chars \uFFFD",
                "x".repeat(10_000),
                "word ".repeat(2_000),
                "[NAME] said [CLS] and [UNK]ed [MASK] at [SEP]",
                "don't won’t — “quoted” $5.00 +1 <3 ^_^ | ~",
                "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ",
                "İstanbul ß ﬁ Ǆ",
                "a\u00A0b\u2003c\u200Bd",
                "emoji👍🏽family👨‍👩‍👧"));
        GoEmotions data = GoEmotions.open(GoEmotions.resolveDir(null));
        for (GoEmotions.Split split : GoEmotions.Split.values()) {
            data.rows(split).forEach(r -> texts.add(r.text()));
        }
        int checked = 0;
        try (HuggingFaceTokenizer reference = HuggingFaceTokenizer.newInstance(
                new ByteArrayInputStream(json), Map.of("maxLength", "128", "truncation", "true", "padding", "false"))) {
            for (String text : texts) {
                assertThat(mine.encode(text))
                        .as("ids of %s", text.length() > 80 ? text.substring(0, 80) + "…" : text)
                        .isEqualTo(reference.encode(text).getIds());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(54_000);
    }
}
