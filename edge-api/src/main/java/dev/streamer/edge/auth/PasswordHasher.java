package dev.streamer.edge.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;

/** bcrypt (salted, cost from config). Passwords are limited to bcrypt's 72 bytes by the API, never truncated. */
@Singleton
public class PasswordHasher {

    public static final int MAX_BYTES = 72;

    private final int cost;
    private final String dummyHash;

    PasswordHasher(@ConfigProperty(name = "streamer.auth.bcrypt-cost", defaultValue = "10") int cost) {
        this.cost = cost;
        this.dummyHash = hash("not-a-password-of-anyone");
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public boolean verify(String password, String hash) {
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.US_ASCII)).verified;
    }

    /** Spends the same time as a real check, so an unknown username is not told apart by timing. */
    public void verifyDummy(String password) {
        verify(password, dummyHash);
    }
}
