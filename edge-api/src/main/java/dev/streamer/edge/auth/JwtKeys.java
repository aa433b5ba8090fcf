package dev.streamer.edge.auth;

import dev.streamer.edge.config.EdgeConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * For local runs: when both key files are missing and the configured locations are the local defaults
 * ({@code .streamer/keys/...}), generates an RSA 2048 pair (PKCS#8 / X.509 PEM) so that a plain {@code java -jar} works.
 * Anywhere else a missing key is a configuration error that signing or verification reports.
 */
@Singleton
public class JwtKeys {

    static final String LOCAL_PRIVATE = ".streamer/keys/jwt-private.pem";
    static final String LOCAL_PUBLIC = ".streamer/keys/jwt-public.pem";
    private static final Logger LOG = Logger.getLogger(JwtKeys.class);

    private final String privateKey;
    private final String publicKey;

    JwtKeys(EdgeConfig config) {
        this.privateKey = config.jwt().privateKey();
        this.publicKey = config.jwt().publicKey();
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (LOCAL_PRIVATE.equals(privateKey) && LOCAL_PUBLIC.equals(publicKey)) {
            Path priv = Path.of(privateKey);
            Path pub = Path.of(publicKey);
            if (!Files.exists(priv) && !Files.exists(pub)) {
                generate(priv, pub);
                LOG.infof(
                        "generated a JWT key pair in %s", priv.toAbsolutePath().getParent());
            }
        }
    }

    static void generate(Path privatePem, Path publicPem) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(privatePem.toAbsolutePath().getParent());
            Files.createDirectories(publicPem.toAbsolutePath().getParent());
            writeAtomically(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            writeAtomically(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the JWT key pair", e);
        }
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".key", ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
