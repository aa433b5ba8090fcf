package dev.streamer.k8s;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service reads, learned from its code: for a Quarkus service its {@code application.properties} (default
 * profile) and the config names its sources declare; for plain Java code the environment variables its sources
 * read. {@link #reads(String)} says whether setting an environment variable can change anything.
 */
final class ServiceConfig {

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern PROPERTY_REF = Pattern.compile("\\$\\{([a-z][a-zA-Z0-9._\"-]*)(?::([^}]*))?}");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING_METHOD =
            Pattern.compile("^\\s*(?:[\\w<>?,.\\s]+)\\s+(\\w+)\\(\\)\\s*;", Pattern.MULTILINE);
    /** Environment reads in plain Java: System.getenv("X"), getenv().getOrDefault("X", ..), picocli ${env:X},
     * envOrProperty("X") / setIfAbsent("X", ..). */
    private static final Pattern JAVA_ENV_READ = Pattern.compile(
            "(?:getenv\\(\\)\\.getOrDefault\\(|getenv\\(|envOrProperty\\(|setIfAbsent\\(|\\$\\{env:)\"?([A-Z][A-Z0-9_]*)");

    final String module;
    final Map<String, String> properties;
    final Set<String> envVars = new LinkedHashSet<>();
    final Set<String> codeProperties = new LinkedHashSet<>();

    private ServiceConfig(String module, Map<String, String> properties) {
        this.module = module;
        this.properties = properties;
    }

    /** A Quarkus service: application.properties plus @ConfigProperty / @ConfigMapping names of its sources. */
    static ServiceConfig quarkus(String module) {
        String text = Repo.read(module + "/src/main/resources/application.properties");
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                defaults.put(key, p.getProperty(key));
            }
        }
        ServiceConfig c = new ServiceConfig(module, defaults);
        defaults.values().forEach(v -> {
            Matcher m = ENV_REF.matcher(v);
            while (m.find()) {
                c.envVars.add(m.group(1));
            }
        });
        for (String source : sources(module)) {
            Matcher m = CONFIG_PROPERTY.matcher(source);
            while (m.find()) {
                c.codeProperties.add(m.group(1));
            }
            Matcher mapping = CONFIG_MAPPING.matcher(source);
            if (mapping.find()) {
                Matcher method = MAPPING_METHOD.matcher(source.substring(mapping.end()));
                while (method.find()) {
                    c.codeProperties.add(mapping.group(1) + "." + kebab(method.group(1)));
                }
            }
        }
        return c;
    }

    /** Plain Java modules: the environment variables their main sources read. */
    static ServiceConfig java(String... modules) {
        ServiceConfig c = new ServiceConfig(String.join("+", modules), Map.of());
        for (String module : modules) {
            for (String source : sources(module)) {
                Matcher m = JAVA_ENV_READ.matcher(source);
                while (m.find()) {
                    c.envVars.add(m.group(1));
                }
            }
        }
        return c;
    }

    /** True when the service reads environment variable {@code env}, directly or as a config property. */
    boolean reads(String env) {
        if (envVars.contains(env)) {
            return true;
        }
        return Stream.concat(properties.keySet().stream(), codeProperties.stream())
                .anyMatch(property -> toEnv(property).equals(env));
    }

    /**
     * A property's value in the default profile with ${ENV:default} and ${property} expressions resolved; an
     * environment variable named after the property (SmallRye's rule, e.g. QUARKUS_DATASOURCE_JDBC_MAX_SIZE) wins.
     */
    String resolve(String property, Map<String, String> env) {
        if (env.containsKey(toEnv(property))) {
            return env.get(toEnv(property));
        }
        String value = properties.get(property);
        if (value == null) {
            throw new AssertionError(module + " does not define " + property);
        }
        return expand(value, env, 0);
    }

    private String expand(String value, Map<String, String> env, int depth) {
        if (depth > 10) {
            throw new AssertionError(module + ": property expansion too deep: " + value);
        }
        Matcher e = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (e.find()) {
            String v = env.containsKey(e.group(1)) ? env.get(e.group(1)) : e.group(2);
            if (v == null) {
                throw new AssertionError(module + ": ${" + e.group(1) + "} is neither set nor defaulted");
            }
            e.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        e.appendTail(out);
        Matcher p = PROPERTY_REF.matcher(out.toString());
        StringBuilder out2 = new StringBuilder();
        while (p.find()) {
            String referenced = properties.getOrDefault(p.group(1), p.group(2));
            if (referenced == null) {
                throw new AssertionError(module + ": ${" + p.group(1) + "} refers to no property");
            }
            p.appendReplacement(out2, Matcher.quoteReplacement(expand(referenced, env, depth + 1)));
        }
        p.appendTail(out2);
        return out2.toString();
    }

    /** SmallRye Config's environment name of a property: non-alphanumerics become '_', upper case. */
    static String toEnv(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    static List<String> sources(String module) {
        Path dir = Repo.path(module + "/src/main/java");
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("missing " + module + "/src/main/java (module not there yet?)");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (IOException ex) {
                            throw new UncheckedIOException(ex);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
