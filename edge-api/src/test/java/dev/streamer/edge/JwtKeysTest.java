package dev.streamer.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtKeysTest {

    @TempDir
    Path dir;

    private static byte[] der(Path pem, String type) throws Exception {
        String text = Files.readString(pem);
        assertThat(text).startsWith("-----BEGIN " + type + "-----\n").endsWith("-----END " + type + "-----\n");
        return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
    }

    @Test
    void generatesAMatchingRsa2048PairAsPkcs8AndX509Pem() throws Exception {
        Path priv = dir.resolve("keys/jwt-private.pem");
        Path pub = dir.resolve("keys/jwt-public.pem");
        Method generate =
                Class.forName("dev.streamer.edge.auth.JwtKeys").getDeclaredMethod("generate", Path.class, Path.class);
        generate.setAccessible(true);
        generate.invoke(null, priv, pub);

        KeyFactory rsa = KeyFactory.getInstance("RSA");
        var privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(der(priv, "PRIVATE KEY")));
        var publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(der(pub, "PUBLIC KEY")));
        assertThat(publicKey.getModulus().bitLength()).isEqualTo(2048);

        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(new byte[] {1, 2, 3});
        byte[] sig = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(sig)).isTrue();
    }
}
