package dev.streamer.push;

import dev.streamer.contract.RevokedTokens;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/** The shared denylist of signed-out tokens ({@link RevokedTokens}, written by edge-api), read on connect and by {@link SessionGuard}. */
@ApplicationScoped
public class PushRevocations {

    private final RevokedTokens revoked;

    public PushRevocations(AgroalDataSource dataSource, PushConfig config) {
        this.revoked = RevokedTokens.start(dataSource, config.revocationPoll());
    }

    public boolean isRevoked(String jti) {
        return revoked.isRevoked(jti);
    }

    @PreDestroy
    void close() {
        revoked.close();
    }
}
