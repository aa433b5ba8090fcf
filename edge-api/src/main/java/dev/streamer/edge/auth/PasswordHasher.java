package dev.streamer.edge.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.streamer.edge.config.EdgeConfig;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt (salted, cost from config) over the password's UTF-8 bytes. The library refuses more than 72 bytes (it would
 * otherwise truncate silently); callers check {@link #fits} first, so a long password is a 400, never a 500.
 */
@Singleton
public class PasswordHasher {

    public static final int MAX_BYTES = 72;

    private final int cost;
    private final String dummyHash;

    PasswordHasher(EdgeConfig config) {
        this.cost = config.auth().bcryptCost();
        this.dummyHash = hash("not-a-password-of-anyone");
    }

    /** True when bcrypt takes the password whole. */
    public static boolean fits(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    public String hash(String password) {
        return new String(
                BCrypt.withDefaults().hash(cost, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }

    public boolean verify(String password, String hash) {
        return BCrypt.verifyer()
                .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.US_ASCII))
                .verified;
    }

    /** Spends the same time as a real check, so an unknown username is not told apart by timing. */
    public void verifyDummy(String password) {
        verify(password, dummyHash);
    }
}
