package dev.streamer.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written id checks accept exactly what the documented patterns accept. */
class LimitsTest {

    private static final String ALPHABET = "0123456789abcdefgxyzABCDEF-_ .é";

    private static List<String> candidates(Random random, String seed, int n) {
        List<String> out = new ArrayList<>(
                List.of("", "-", "a", "-a", "a-", "all", seed, seed.toUpperCase(), seed + "0", seed.substring(1)));
        for (int i = 0; i < n; i++) {
            char[] chars = seed.toCharArray();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                chars[random.nextInt(chars.length)] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            out.add(new String(chars));
            out.add(new String(chars, 0, random.nextInt(chars.length + 1)));
        }
        return out;
    }

    @Test
    void isUuidAgreesWithThePattern() {
        Random random = new Random(1);
        for (String s : candidates(random, java.util.UUID.randomUUID().toString(), 20_000)) {
            assertThat(Limits.isUuid(s))
                    .as("'%s'", s)
                    .isEqualTo(Limits.UUID.matcher(s).matches());
        }
        assertThat(Limits.isUuid(null)).isFalse();
    }

    @Test
    void isCommunityIdAgreesWithThePattern() {
        Random random = new Random(2);
        for (String seed : List.of("facebook", "my-community-2", "abcdefghijklmnopqrstuvwxyz012345")) {
            for (String s : candidates(random, seed, 20_000)) {
                assertThat(Limits.isCommunityId(s))
                        .as("'%s'", s)
                        .isEqualTo(Limits.COMMUNITY_ID.matcher(s).matches());
            }
        }
        assertThat(Limits.isCommunityId(null)).isFalse();
    }
}
