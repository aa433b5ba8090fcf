package dev.streamer.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CorpusTest {

    @Test
    void readsQuotedTabSeparatedFieldsAndSkipsBlankLines() throws IOException {
        String tsv = """
                Plain text here\t27\tid1

                "Three words, no subtlety. ""Dude. Stop."" "\t3\tid2
                \t4\tid3
                "a field with a\ttab and a
                line break"\t0\tid4


                last one\t1\tid5
                """;
        Corpus corpus = Corpus.parse(new StringReader(tsv), '\t', 0);
        assertThat(corpus.texts())
                .containsExactly(
                        "Plain text here",
                        "Three words, no subtlety. \"Dude. Stop.\"",
                        "a field with a\ttab and a\nline break",
                        "last one");
    }

    @Test
    void readsOtherColumnsOfCsvAndSkipsShortRows() throws IOException {
        String csv = "id,text\n1,\"hello, world\"\n2\n\n3,\"say \"\"hi\"\"\"\n";
        Corpus corpus = Corpus.parse(new StringReader(csv), ',', 1);
        assertThat(corpus.texts()).containsExactly("text", "hello, world", "say \"hi\"");
    }

    @Test
    void unterminatedQuoteIsAClearError() {
        assertThatThrownBy(() -> Corpus.parse(new StringReader("\"never closed\t1\n"), '\t', 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("malformed corpus");
    }

    @Test
    void loadChoosesTheDelimiterByExtensionAndRejectsAnEmptyColumn(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path tsv = dir.resolve("t.tsv");
        Files.writeString(tsv, "a,b\tx\n");
        assertThat(Corpus.load(tsv, 0).texts()).containsExactly("a,b");
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "a,b\tx\n");
        assertThat(Corpus.load(csv, 0).texts()).containsExactly("a");
        assertThatThrownBy(() -> Corpus.load(csv, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no texts");
    }

    @Test
    void textsAreCutToTheLimit() throws IOException {
        Corpus corpus = Corpus.parse(new StringReader("abcdefghij\n"), '\t', 0);
        assertThat(corpus.next(new Random(1), 4)).isEqualTo("abcd");
        assertThat(TextSource.fit("ab\uD83D\uDE00", 3)).isEqualTo("ab");
    }

    @Test
    void readsTheGoEmotionsFiles() {
        // the repository ships GoEmotions in data/goemotions; surefire passes the repository root
        Path dev = Path.of(System.getProperty("streamer.root", ".."), "data", "goemotions", "dev.tsv");
        Corpus corpus = Corpus.load(dev, 0);
        // dev.tsv has 5,426 examples, one per line; quoted ones contain doubled quotes
        assertThat(corpus.size()).isEqualTo(5426);
        assertThat(corpus.texts()).noneMatch(t -> t.contains("\t") || t.isBlank());
    }
}
