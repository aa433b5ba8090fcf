package dev.streamer.push;

import dev.streamer.contract.Limits;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps open sockets within what their token and memberships allow, every {@code streamer.push.session-check-interval}:
 * a socket whose token expired is closed with {@link CloseCodes#EXPIRED_TOKEN}, one whose token was revoked (signed
 * out, on any edge-api instance) with {@link CloseCodes#REVOKED_TOKEN}, a community socket whose user left the
 * community with {@link CloseCodes#NOT_A_MEMBER}; an {@code all} socket follows its user's memberships (windows and
 * posts of a community left stop, of one joined start). One membership query per 500 connected users.
 */
@ApplicationScoped
public class SessionGuard {

    private static final Logger LOG = Logger.getLogger(SessionGuard.class);

    private final Router router;
    private final CommunityStore store;
    private final PushRevocations revocations;
    private final PushConfig config;
    private ScheduledExecutorService timer;

    public SessionGuard(Router router, CommunityStore store, PushRevocations revocations, PushConfig config) {
        this.router = router;
        this.store = store;
        this.revocations = revocations;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "push-session-guard");
            t.setDaemon(true);
            return t;
        });
        long ms = config.sessionCheckInterval().toMillis();
        timer.scheduleWithFixedDelay(this::checkQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void checkQuietly() {
        try {
            check(System.currentTimeMillis());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("session check failed (tokens were still checked): %s", e.toString());
        }
    }

    /** One round of checks. */
    void check(long now) throws SQLException {
        List<Subscriber> open = router.subscribers();
        Set<String> users = new HashSet<>();
        for (Subscriber s : open) {
            Viewer v = s.viewer();
            if (now >= v.expiresAt()) {
                s.close(CloseCodes.EXPIRED_TOKEN, "token expired");
            } else if (revocations.isRevoked(v.tokenId())) {
                s.close(CloseCodes.REVOKED_TOKEN, "token revoked");
            } else {
                users.add(v.userId());
            }
        }
        if (users.isEmpty()) {
            return;
        }
        Map<String, Set<String>> memberships = store.communitiesOf(users);
        for (Subscriber s : open) {
            Set<String> communities = memberships.getOrDefault(s.viewer().userId(), Set.of());
            if (Limits.ALL_COMMUNITIES.equals(s.communityId())) {
                s.see(communities);
            } else if (!communities.contains(s.communityId())) {
                s.close(CloseCodes.NOT_A_MEMBER, "not a member of " + s.communityId());
            }
        }
    }
}
