package dev.streamer.k8s;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Properties of the root pom. */
final class Poms {

    private Poms() {}

    static String parentProperty(String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Repo.read("pom.xml"));
        if (!m.find()) {
            throw new AssertionError("root pom has no property " + name);
        }
        return m.group(1).trim();
    }

    /** The project version without -SNAPSHOT: the images' tag. */
    static String releaseVersion() {
        Matcher m = Pattern.compile("<artifactId>streamer-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Repo.read("pom.xml"));
        if (!m.find()) {
            throw new AssertionError("root pom has no version");
        }
        return m.group(1).replace("-SNAPSHOT", "");
    }
}
