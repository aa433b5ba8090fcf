package dev.streamer.generator;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** What a simulated user does in one operation. */
public enum OpKind {
    /** Sign in when signed out, sign out when signed in. */
    SIGN,
    POST,
    /** Like a post, or unlike it when the user already likes it. */
    LIKE,
    COMMENT,
    SHARE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code post=60,like=20,...}; kinds not named get weight 0. */
    public static Map<OpKind, Double> parseMix(String spec) {
        Map<OpKind, Double> mix = new EnumMap<>(OpKind.class);
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("mix entries look like post=60, got '" + part + "'");
            }
            OpKind kind;
            try {
                kind = valueOf(kv[0].trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown operation '" + kv[0].trim() + "' (sign, post, like, comment, share)");
            }
            double w = Double.parseDouble(kv[1].trim());
            if (w < 0) {
                throw new IllegalArgumentException("weights must be >= 0: " + part);
            }
            mix.put(kind, w);
        }
        if (mix.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("the mix needs at least one positive weight: " + spec);
        }
        return mix;
    }

    public static OpKind draw(Map<OpKind, Double> mix, Random random) {
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        double x = random.nextDouble() * total;
        OpKind last = null;
        for (Map.Entry<OpKind, Double> e : mix.entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            last = e.getKey();
            x -= e.getValue();
            if (x < 0) {
                return last;
            }
        }
        return last;
    }
}
