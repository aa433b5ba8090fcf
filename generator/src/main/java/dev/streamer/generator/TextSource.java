package dev.streamer.generator;

import java.util.Random;

/** Where post and comment texts come from. Implementations draw only from the given {@link Random}. */
public interface TextSource {

    /** A post or comment text, non-blank, at most {@code maxLength} UTF-16 chars. */
    String next(Random random, int maxLength);

    /** Cuts a text to {@code maxLength} chars without splitting a surrogate pair. */
    static String fit(String text, int maxLength) {
        if (text.length() <= maxLength) {
            return text;
        }
        int end = maxLength;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
