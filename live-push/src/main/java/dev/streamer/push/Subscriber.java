package dev.streamer.push;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One open WebSocket and what it may see. Messages are written one at a time: the next is written when the
 * previous write has completed, so a client that stops reading leaves its messages here, where at most
 * {@code capacity} may wait. One more and the client is closed with {@link CloseCodes#TOO_SLOW}.
 */
public final class Subscriber {

    private static final Logger LOG = Logger.getLogger(Subscriber.class);

    private final WebSocketConnection connection;
    private final String communityId;
    private final Set<String> visibleCommunities;
    private final int capacity;
    private final PushMetrics metrics;
    private final Consumer<Subscriber> onGone;
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    // Starts taken: nothing live is written before the snapshot (see start).
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final AtomicBoolean gone = new AtomicBoolean();

    /**
     * @param visibleCommunities the communities whose posts this connection may receive
     * @param onGone             called once when the subscriber overflowed or its write failed
     */
    public Subscriber(WebSocketConnection connection, String communityId, Set<String> visibleCommunities, int capacity,
                      PushMetrics metrics, Consumer<Subscriber> onGone) {
        this.connection = connection;
        this.communityId = communityId;
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

    public boolean seesPostsOf(String community) {
        return visibleCommunities.contains(community);
    }

    /** Writes the snapshot, then whatever live messages queued up meanwhile. */
    public void start(String snapshot) {
        write(snapshot);
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

    int queued() {
        return queued.get();
    }

    private void drain() {
        while (!gone.get() && !queue.isEmpty()) {
            if (!writing.compareAndSet(false, true)) {
                return; // the write in flight drains when it completes
            }
            String next = queue.poll();
            if (next != null) {
                queued.decrementAndGet();
                write(next);
                return;
            }
            writing.set(false);
        }
    }

    private void write(String message) {
        connection.sendText(message).subscribe().with(
                done -> {
                    metrics.messageSent();
                    writing.set(false);
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
            connection.close(new CloseReason(CloseCodes.TOO_SLOW, "too slow: more than " + capacity + " messages pending"))
                    .subscribe().with(ok -> { }, failure -> LOG.debugf("close of %s failed: %s", id(), failure));
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
