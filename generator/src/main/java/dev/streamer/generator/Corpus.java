package dev.streamer.generator;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Texts read from one column of a TSV or CSV file (RFC 4180 quoting: {@code "a ""quoted"" field"}; blank lines and
 * blank fields skipped). Files ending in {@code .tsv} or {@code .tab} are tab-separated, anything else comma-separated.
 * The GoEmotions files ({@code text<TAB>labels<TAB>id}) work as they are with column 0.
 */
public final class Corpus implements TextSource {

    private final List<String> texts;

    private Corpus(List<String> texts) {
        this.texts = List.copyOf(texts);
    }

    public static Corpus load(Path file, int column) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        char delimiter = name.endsWith(".tsv") || name.endsWith(".tab") ? '\t' : ',';
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Corpus corpus = parse(reader, delimiter, column);
            if (corpus.size() == 0) {
                throw new IllegalArgumentException("no texts in column " + column + " of " + file);
            }
            return corpus;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus " + file + ": " + e.getMessage(), e);
        }
    }

    public static Corpus parse(Reader reader, char delimiter, int column) throws IOException {
        if (column < 0) {
            throw new IllegalArgumentException("column must be >= 0, was " + column);
        }
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(delimiter)
                .setQuote('"')
                .setIgnoreEmptyLines(true)
                .get();
        List<String> texts = new ArrayList<>();
        try (CSVParser parser = format.parse(reader)) {
            for (CSVRecord record : parser) {
                if (record.size() <= column) {
                    continue;
                }
                String text = record.get(column).strip();
                if (!text.isEmpty()) {
                    texts.add(text);
                }
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new IOException("malformed corpus: " + e.getMessage(), e);
        }
        return new Corpus(texts);
    }

    public int size() {
        return texts.size();
    }

    public List<String> texts() {
        return texts;
    }

    @Override
    public String next(Random random, int maxLength) {
        return TextSource.fit(texts.get(random.nextInt(texts.size())), maxLength);
    }
}
