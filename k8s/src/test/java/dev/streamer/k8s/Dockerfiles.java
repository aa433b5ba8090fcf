package dev.streamer.k8s;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The container build files under k8s/docker/, one per image: {@code NAME.Dockerfile}. */
final class Dockerfiles {

    private Dockerfiles() {}

    static String text(String image) {
        return Repo.read("k8s/docker/" + image + ".Dockerfile");
    }

    /** Instructions with continuation lines joined and comments dropped. */
    static List<String> instructions(String image) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : text(image).split("\n")) {
            String t = line.strip();
            if (cur.length() == 0 && (t.isEmpty() || t.startsWith("#"))) {
                continue;
            }
            if (t.endsWith("\\")) {
                cur.append(t, 0, t.length() - 1).append(' ');
            } else {
                cur.append(t);
                out.add(cur.toString());
                cur.setLength(0);
            }
        }
        return out;
    }

    static List<String> all(String image, String instruction) {
        return instructions(image).stream()
                .filter(i -> i.startsWith(instruction + " "))
                .map(i -> i.substring(instruction.length() + 1).strip())
                .toList();
    }

    /** The base image of the last FROM (options like --platform dropped). */
    static String from(String image) {
        return Arrays.stream(lastFrom(image).split("\\s+"))
                .filter(w -> !w.startsWith("--"))
                .findFirst()
                .orElseThrow();
    }

    /** The --platform of the last FROM, or null. */
    static String platform(String image) {
        return Arrays.stream(lastFrom(image).split("\\s+"))
                .filter(w -> w.startsWith("--platform="))
                .map(w -> w.substring("--platform=".length()))
                .findFirst()
                .orElse(null);
    }

    private static String lastFrom(String image) {
        List<String> froms = all(image, "FROM");
        if (froms.isEmpty()) {
            throw new AssertionError(image + ".Dockerfile has no FROM");
        }
        return froms.get(froms.size() - 1);
    }

    /** Destinations of COPY instructions (the last word; options like --chown dropped). */
    static List<String> copyDestinations(String image) {
        return all(image, "COPY").stream()
                .map(c -> {
                    String[] words = c.split("\\s+");
                    return words[words.length - 1];
                })
                .toList();
    }

    /** Sources of COPY instructions. */
    static List<String> copySources(String image) {
        List<String> out = new ArrayList<>();
        for (String c : all(image, "COPY")) {
            List<String> words = new ArrayList<>(Arrays.asList(c.split("\\s+")));
            words.removeIf(w -> w.startsWith("--"));
            out.addAll(words.subList(0, words.size() - 1));
        }
        return out;
    }

    /** ENTRYPOINT then CMD, exec form, as one list. */
    static List<String> entrypoint(String image) {
        List<String> out = new ArrayList<>();
        for (String instruction : List.of("ENTRYPOINT", "CMD")) {
            for (String json : all(image, instruction)) {
                Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    static String user(String image) {
        List<String> users = all(image, "USER");
        return users.isEmpty() ? null : users.get(users.size() - 1);
    }
}
