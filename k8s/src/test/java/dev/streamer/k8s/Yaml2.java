package dev.streamer.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed access to SnakeYAML's maps and lists. */
final class Yaml2 {

    private Yaml2() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("a mapping expected, got " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        if (!(o instanceof List)) {
            throw new IllegalArgumentException("a list expected, got " + o);
        }
        return (List<Object>) o;
    }

    static List<Map<String, Object>> maps(Object o) {
        if (o == null) {
            return List.of();
        }
        return list(o).stream().map(Yaml2::map).toList();
    }

    /** The value at a dotted path of mapping keys, or null. */
    static Object path(Map<String, Object> root, String dotted) {
        Object cur = root;
        for (String part : dotted.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(part);
        }
        return cur;
    }

    static String str(Map<String, Object> root, String dotted) {
        Object v = path(root, dotted);
        return v == null ? null : String.valueOf(v);
    }

    static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put((String) k, deepCopy(v)));
            return c;
        }
        if (o instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(v -> c.add(deepCopy(v)));
            return c;
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    static <T> T deepCopyOf(T o) {
        return (T) deepCopy(o);
    }
}
