package dev.streamer.contract;

/** What counts as text a person can see, and well-formed UTF-16: the rules behind {@link EventValidator#text}. */
public final class Texts {

    private Texts() {}

    /** False when the string has a high surrogate without its low one, or a low surrogate without its high one. */
    public static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** True when at least one code point of {@code s} is visible ({@link #isInvisible} is false for it). */
    public static boolean isVisible(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!isInvisible(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /**
     * Code points that draw nothing on their own: every kind of space and line break (the no-break spaces included),
     * controls, format characters (zero-width space/joiners, word joiner, BOM, bidi marks, soft hyphen), combining
     * marks without a base, variation selectors, unassigned and surrogate code points, and the fillers that render
     * blank (Hangul fillers, the blank Braille pattern).
     */
    public static boolean isInvisible(int cp) {
        switch (Character.getType(cp)) {
            case Character.SPACE_SEPARATOR,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.CONTROL,
                    Character.FORMAT,
                    Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.UNASSIGNED,
                    Character.SURROGATE -> {
                return true;
            }
            default -> {
                return Character.isWhitespace(cp)
                        || cp == 0x115F
                        || cp == 0x1160
                        || cp == 0x3164
                        || cp == 0xFFA0 // Hangul fillers
                        || cp == 0x2800; // Braille pattern blank
            }
        }
    }
}
