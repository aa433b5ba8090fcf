package dev.streamer.push;

import dev.streamer.contract.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which subscribers get which record: a community's records go to that community's subscribers; {@code all}
 * subscribers get the all-communities windows and the windows and posts of the communities their user belongs to
 * (kept current by {@link SessionGuard}): what REST would show them.
 */
@ApplicationScoped
public class Router {

    private final Map<String, Set<Subscriber>> byCommunity = new ConcurrentHashMap<>();
    private final Map<String, Subscriber> byConnection = new ConcurrentHashMap<>();
    private final PushMetrics metrics;

    public Router(PushMetrics metrics) {
        this.metrics = metrics;
    }

    public void add(Subscriber subscriber) {
        if (byConnection.putIfAbsent(subscriber.id(), subscriber) == null) {
            byCommunity
                    .computeIfAbsent(subscriber.communityId(), id -> ConcurrentHashMap.newKeySet())
                    .add(subscriber);
            metrics.connectionOpened();
        }
    }

    public void remove(Subscriber subscriber) {
        removeConnection(subscriber.id());
    }

    public void removeConnection(String connectionId) {
        Subscriber subscriber = byConnection.remove(connectionId);
        if (subscriber != null) {
            Set<Subscriber> set = byCommunity.get(subscriber.communityId());
            if (set != null) {
                set.remove(subscriber);
            }
            metrics.connectionClosed();
        }
    }

    public void routeAnalytics(String communityId, String message) {
        offer(byCommunity.get(communityId), message, null);
        if (!Limits.ALL_COMMUNITIES.equals(communityId)) {
            offer(byCommunity.get(Limits.ALL_COMMUNITIES), message, communityId);
        }
    }

    /** Every open subscriber, for the session checks. */
    public List<Subscriber> subscribers() {
        return List.copyOf(byConnection.values());
    }

    public void routePost(String communityId, String message) {
        offer(byCommunity.get(communityId), message, null);
        offer(byCommunity.get(Limits.ALL_COMMUNITIES), message, communityId);
    }

    /** Offers {@code message} to every open connection; returns how many there are. */
    public int resyncAll(String message) {
        int n = 0;
        for (Subscriber s : byConnection.values()) {
            s.offer(message);
            n++;
        }
        return n;
    }

    /** Offers to every subscriber, or when {@code community} is given only to those who see it. */
    private static void offer(Set<Subscriber> subscribers, String message, String community) {
        if (subscribers == null) {
            return;
        }
        for (Subscriber s : subscribers) {
            if (community == null || s.sees(community)) {
                s.offer(message);
            }
        }
    }
}
