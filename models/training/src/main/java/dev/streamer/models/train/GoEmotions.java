package dev.streamer.models.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamer.contract.Emotion;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * GoEmotions (simplified split) mapped to Ekman's six emotions plus neutral with {@code ekman_mapping.json}.
 *
 * <p>Multi-label policy: a row is kept when all of its GoEmotions labels map to the same one of the seven
 * classes (e.g. {@code joy,amusement} → joy); rows whose labels span two or more classes (e.g. anger and joy,
 * or neutral and sadness; ~9% of each split) are dropped from training and evaluation alike.
 */
public final class GoEmotions {

    /** The data splits, one TSV each. */
    public enum Split {
        TRAIN,
        DEV,
        TEST;

        public String file() {
            return name().toLowerCase(Locale.ROOT) + ".tsv";
        }
    }

    /** One kept row. */
    public record Example(String id, String text, Emotion label) {}

    /** One row with all the classes its labels map to (the multi-label view used for training). */
    public record Row(String id, String text, Set<Emotion> classes) {}

    /** TSV without header, standard double-quote quoting (quoted fields occur), no trimming. */
    static final CSVFormat TSV = CSVFormat.DEFAULT
            .builder()
            .setDelimiter('\t')
            .setQuote('"')
            .setRecordSeparator('\n')
            .setIgnoreEmptyLines(true)
            .get();

    private final Path dir;
    private final Map<Integer, Emotion> idToClass;

    private GoEmotions(Path dir, Map<Integer, Emotion> idToClass) {
        this.dir = dir;
        this.idToClass = idToClass;
    }

    /** Environment variable or system property naming the data folder when no path is given. */
    public static final String DATA_VARIABLE = "STREAMER_DATA";

    /**
     * The data folder: the given path, else {@code STREAMER_DATA} (env or system property). {@code bin/streamer}
     * and the module's tests set it to the repository's {@code data/goemotions}.
     */
    public static Path resolveDir(Path given) {
        if (given != null) {
            return given.toAbsolutePath().normalize();
        }
        String value = System.getProperty(DATA_VARIABLE);
        if (value == null || value.isBlank()) {
            value = System.getenv(DATA_VARIABLE);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("no GoEmotions folder: pass --data DIR or set " + DATA_VARIABLE
                    + " (the repository ships it in data/goemotions)");
        }
        return Paths.get(value).toAbsolutePath().normalize();
    }

    public static GoEmotions open(Path dir) throws IOException {
        for (String f : List.of("emotions.txt", "ekman_mapping.json", "train.tsv", "dev.tsv", "test.tsv")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new IOException("GoEmotions file missing: " + dir.resolve(f)
                        + " (set --data or STREAMER_DATA to the folder holding train/dev/test.tsv)");
            }
        }
        List<String> names = Files.readAllLines(dir.resolve("emotions.txt"), StandardCharsets.UTF_8).stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        Map<String, List<String>> ekman;
        try (InputStream in = Files.newInputStream(dir.resolve("ekman_mapping.json"))) {
            ekman = new ObjectMapper().readValue(in, new TypeReference<Map<String, List<String>>>() {});
        }
        Map<String, Emotion> nameToClass = new HashMap<>();
        ekman.forEach((group, members) -> members.forEach(m -> nameToClass.put(m, Emotion.fromLabel(group))));
        nameToClass.put("neutral", Emotion.NEUTRAL);
        Map<Integer, Emotion> idToClass = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Emotion e = nameToClass.get(names.get(i));
            if (e == null) {
                throw new IOException("emotion '" + names.get(i) + "' has no Ekman group in ekman_mapping.json");
            }
            idToClass.put(i, e);
        }
        return new GoEmotions(dir, idToClass);
    }

    public Path dir() {
        return dir;
    }

    public Path file(Split split) {
        return dir.resolve(split.file());
    }

    /** Counts of all rows and of kept (single-class) rows. */
    public record Loaded(List<Example> examples, int rows) {}

    /** The single-class rows of a split (the single-label protocol) and the number of all rows. */
    public Loaded load(Split split) throws IOException {
        List<Row> rows = rows(split);
        List<Example> out = new ArrayList<>();
        for (Row r : rows) {
            if (r.classes().size() == 1) {
                out.add(new Example(r.id(), r.text(), r.classes().iterator().next()));
            }
        }
        return new Loaded(out, rows.size());
    }

    /** Every row of a split with the set of its classes (the multi-label protocol). */
    public List<Row> rows(Split split) throws IOException {
        List<Row> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file(split), StandardCharsets.UTF_8);
                CSVParser parser = TSV.parse(reader)) {
            for (CSVRecord r : parser) {
                if (r.size() < 3) {
                    throw new IOException(split.file() + " line " + r.getRecordNumber() + ": expected 3 columns");
                }
                Set<Emotion> classes = EnumSet.noneOf(Emotion.class);
                for (String id : r.get(1).split(",")) {
                    Emotion e = idToClass.get(Integer.parseInt(id.trim()));
                    if (e == null) {
                        throw new IOException(split.file() + " line " + r.getRecordNumber() + ": unknown label " + id);
                    }
                    classes.add(e);
                }
                out.add(new Row(r.get(2), r.get(0), Set.copyOf(classes)));
            }
        }
        return out;
    }

    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
