package dev.streamer.push;

import dev.streamer.contract.Limits;
import dev.streamer.contract.WindowResult;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code /ws/communities/{id}} ({@code id} a community or {@code all}). A handshake from a page of another origin is
 * refused with 403 ({@link OriginCheck}); any other upgrade is accepted so that a refused client learns why: browsers
 * do not expose the HTTP status of a failed handshake, only close codes. Open sockets are closed when their token
 * expires or is revoked, or their user leaves the community ({@link SessionGuard}). Callbacks return void, so they run
 * on a worker thread and may use JDBC.
 */
@WebSocket(path = "/ws/communities/{id}")
public class CommunitySocket {

    private static final Logger LOG = Logger.getLogger(CommunitySocket.class);

    private final TokenVerifier tokens;
    private final CommunityStore store;
    private final Router router;
    private final PushMetrics metrics;
    private final PushConfig config;

    public CommunitySocket(
            TokenVerifier tokens, CommunityStore store, Router router, PushMetrics metrics, PushConfig config) {
        this.tokens = tokens;
        this.store = store;
        this.router = router;
        this.metrics = metrics;
        this.config = config;
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        String communityId = connection.pathParam("id");
        Subscriber subscriber;
        try {
            Viewer viewer = tokens.verify(connection.handshakeRequest());
            Set<String> visible = admit(viewer, communityId);
            subscriber = new Subscriber(
                    connection, communityId, viewer, visible, config.bufferSize(), metrics, router::remove);
            // Subscribe before reading the snapshot: what arrives meanwhile waits behind it, nothing falls between.
            router.add(subscriber);
            long endedAfter =
                    System.currentTimeMillis() - config.snapshotMaxAge().toMillis();
            List<WindowResult> windows = store.recentWindows(communityId, endedAfter, config.snapshotWindows());
            subscriber.start(Messages.snapshot(windows));
        } catch (Refused r) {
            metrics.refused(r.code());
            connection.closeAndAwait(new CloseReason(r.code(), r.reason()));
        } catch (SQLException | RuntimeException e) {
            LOG.errorf(e, "could not open %s for %s", connection.id(), communityId);
            router.removeConnection(connection.id());
            metrics.refused(CloseCodes.INTERNAL_ERROR);
            connection.closeAndAwait(new CloseReason(CloseCodes.INTERNAL_ERROR, "server error"));
        }
    }

    /** The communities whose posts (and on {@code all} windows) the viewer may receive here, or refused. */
    private Set<String> admit(Viewer viewer, String communityId) throws Refused, SQLException {
        if (Limits.ALL_COMMUNITIES.equals(communityId)) {
            return Set.copyOf(store.communitiesOf(viewer.userId()));
        }
        if (communityId == null
                || !Limits.COMMUNITY_ID.matcher(communityId).matches()
                || !store.communityExists(communityId)) {
            throw new Refused(CloseCodes.UNKNOWN_COMMUNITY, "unknown community");
        }
        if (!store.isMember(viewer.userId(), communityId)) {
            throw new Refused(CloseCodes.NOT_A_MEMBER, "not a member of " + communityId);
        }
        return Set.of(communityId);
    }

    /** Clients have nothing to say; text they send is ignored. */
    @OnTextMessage
    public void onText(String ignored) {}

    @OnClose
    public void onClose(WebSocketConnection connection) {
        router.removeConnection(connection.id());
    }

    @OnError
    public void onError(WebSocketConnection connection, Throwable failure) {
        LOG.debugf("connection %s: %s", connection.id(), failure.toString());
    }
}
