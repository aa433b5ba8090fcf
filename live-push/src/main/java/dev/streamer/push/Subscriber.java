package dev.streamer.push;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One open WebSocket and what it may see. Up to {@link #MAX_IN_FLIGHT} writes may be in progress; further messages
 * wait here, at most {@code capacity} of them. A client that stops reading stops completing writes, its waiting
 * messages pile up and one more than {@code capacity} closes it with {@link CloseCodes#TOO_SLOW}: memory per client
 * is bounded and nobody else waits for it. Writes are issued by one thread at a time (see {@link #drain()}) and
 * Vert.x keeps the order of writes to a connection, so messages arrive in the order they were offered.
 */
public final class Subscriber {

    static final int MAX_IN_FLIGHT = 16;

    private static final Logger LOG = Logger.getLogger(Subscriber.class);

    private final WebSocketConnection connection;
    private final String communityId;
    private final Viewer viewer;
    private volatile Set<String> visibleCommunities;
    private final int capacity;
    private final PushMetrics metrics;
    private final Consumer<Subscriber> onGone;
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean gone = new AtomicBoolean();
    // Nothing live is written before the snapshot.
    private volatile boolean started;

    /**
     * @param visibleCommunities the communities whose posts (and, on {@code all}, windows) this connection may receive
     * @param onGone             called once when the subscriber overflowed, a write failed or it was closed
     */
    public Subscriber(
            WebSocketConnection connection,
            String communityId,
            Viewer viewer,
            Set<String> visibleCommunities,
            int capacity,
            PushMetrics metrics,
            Consumer<Subscriber> onGone) {
        this.connection = connection;
        this.communityId = communityId;
        this.viewer = viewer;
        this.visibleCommunities = visibleCommunities;
        this.capacity = capacity;
        this.metrics = metrics;
        this.onGone = onGone;
    }

    public String id() {
        return connection.id();
    }

    public String communityId() {
        return communityId;
    }

    public Viewer viewer() {
        return viewer;
    }

    /** True when this connection may receive the posts and windows of {@code community}. */
    public boolean sees(String community) {
        return visibleCommunities.contains(community);
    }

    /** The communities this connection may see from now on (an {@code all} socket follows its user's memberships). */
    public void see(Set<String> communities) {
        visibleCommunities = Set.copyOf(communities);
    }

    /** Stops all delivery and closes the socket with {@code code}; nothing more is sent. */
    public void close(int code, String reason) {
        if (leave()) {
            LOG.debugf("closing %s of %s: %d %s", id(), communityId, code, reason);
            connection
                    .close(new CloseReason(code, reason))
                    .subscribe()
                    .with(ok -> {}, failure -> LOG.debugf("close of %s failed: %s", id(), failure));
        }
    }

    /** Writes the snapshot, then whatever live messages queued up meanwhile. */
    public void start(String snapshot) {
        inFlight.incrementAndGet();
        write(snapshot);
        started = true;
        drain();
    }

    /** Queues a message; never blocks. */
    public void offer(String message) {
        if (gone.get()) {
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            tooSlow();
            return;
        }
        queue.add(message);
        drain();
    }

    private void drain() {
        while (started && !gone.get() && !queue.isEmpty() && inFlight.get() < MAX_IN_FLIGHT) {
            if (!draining.compareAndSet(false, true)) {
                return; // the thread draining now re-checks when it is done
            }
            try {
                while (!gone.get() && inFlight.get() < MAX_IN_FLIGHT) {
                    String next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    queued.decrementAndGet();
                    inFlight.incrementAndGet();
                    write(next);
                }
            } finally {
                draining.set(false);
            }
        }
    }

    private void write(String message) {
        connection
                .sendText(message)
                .subscribe()
                .with(
                        done -> {
                            metrics.messageSent();
                            inFlight.decrementAndGet();
                            drain();
                        },
                        failure -> {
                            LOG.debugf("write to %s failed: %s", id(), failure.toString());
                            leave();
                        });
    }

    private void tooSlow() {
        if (leave()) {
            metrics.clientDropped();
            LOG.infof("dropping slow client %s of %s: more than %d messages pending", id(), communityId, capacity);
            connection
                    .close(new CloseReason(
                            CloseCodes.TOO_SLOW, "too slow: more than " + capacity + " messages pending"))
                    .subscribe()
                    .with(ok -> {}, failure -> LOG.debugf("close of %s failed: %s", id(), failure));
        }
    }

    /** Stops all delivery; true the first time. */
    private boolean leave() {
        if (!gone.compareAndSet(false, true)) {
            return false;
        }
        queue.clear();
        queued.set(0);
        onGone.accept(this);
        return true;
    }
}
