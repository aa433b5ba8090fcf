package dev.streamer.edge.auth;

import dev.streamer.contract.RevokedTokens;
import dev.streamer.edge.config.EdgeConfig;
import dev.streamer.edge.db.Sql;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;

/** The shared denylist of signed-out tokens ({@link RevokedTokens}), started once the schema is migrated. */
@Singleton
public class TokenRevocations {

    private final AgroalDataSource ds;
    private final Duration pollInterval;
    private volatile RevokedTokens revoked;

    TokenRevocations(AgroalDataSource ds, EdgeConfig config) {
        this.ds = ds;
        this.pollInterval = config.jwt().revocationPoll();
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        revoked();
    }

    public boolean isRevoked(String jti) {
        return revoked().isRevoked(jti);
    }

    public void revoke(String jti, String userId, long expiresAtMillis) {
        try {
            revoked().revoke(jti, userId, expiresAtMillis);
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }

    private RevokedTokens revoked() {
        RevokedTokens r = revoked;
        if (r == null) {
            synchronized (this) {
                r = revoked;
                if (r == null) {
                    r = RevokedTokens.start(ds, pollInterval);
                    revoked = r;
                }
            }
        }
        return r;
    }

    @PreDestroy
    void close() {
        RevokedTokens r = revoked;
        if (r != null) {
            r.close();
        }
    }
}
