package dev.streamer.flink.functions;

import dev.streamer.contract.EventType;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.Session;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * The signed-in gauge of one key (a community, or all communities): every user's sessions, and the count of users with
 * a session open at an instant of event time ({@link Session#openAt}). A session is a token in a community: one
 * sign-in emits one event per membership, and the all-communities gauge counts a user signed in in any community,
 * whatever the user's other communities applied (a sign-out that reached one of them too late to be applied). It is
 * a function of the set of sign-ins/outs applied, not of their order or of when they were applied, so every replay
 * computes the same values.
 *
 * <p>It also remembers, per pair (window of {@code occurredAt}, window of {@code writtenAt}), how many applied
 * sign-ins/outs were written in a later window than they occurred: they raise the revision of every window between
 * (see {@link #crossingsInto}), whose gauge they may change after it was first emitted.
 */
final class SignedInSessions {

    private final MapState<String, Session[]> users;
    private final MapState<Tuple2<Long, Long>, Long> crossings;

    SignedInSessions(MapState<String, Session[]> users, MapState<Tuple2<Long, Long>, Long> crossings) {
        this.users = users;
        this.crossings = crossings;
    }

    /** Whether {@code a} is a sign-in/out that names its session (only those are in the gauge). */
    static boolean counts(Activity a) {
        return a.tokenId() != null && (a.type() == EventType.USER_SIGNED_IN || a.type() == EventType.USER_SIGNED_OUT);
    }

    /** The user's sessions before and after applying {@code a} (which {@link #counts}). */
    Change apply(Activity a, long occurredWindow, long writtenWindow) throws Exception {
        Session[] before = users.get(a.userId());
        List<Session> after = new ArrayList<>();
        Session session = null;
        if (before != null) {
            for (Session s : before) {
                Session copy = s.copy();
                after.add(copy);
                if (copy.is(a.tokenId(), a.communityId())) {
                    session = copy;
                }
            }
        }
        if (session == null) {
            session = new Session(a.tokenId(), a.communityId());
            after.add(session);
        }
        if (a.type() == EventType.USER_SIGNED_IN) {
            session.signedInAt = a.occurredAt();
            session.expiresAt = a.tokenExpiresAt();
        } else {
            session.signedOutAt = Math.min(session.signedOutAt, a.occurredAt());
        }
        Session[] updated = after.toArray(new Session[0]);
        users.put(a.userId(), updated);
        if (writtenWindow > occurredWindow) {
            Tuple2<Long, Long> pair = Tuple2.of(occurredWindow, writtenWindow);
            Long n = crossings.get(pair);
            crossings.put(pair, n == null ? 1 : n + 1);
        }
        return new Change(before == null ? new Session[0] : before, updated);
    }

    /** How a user's sessions changed; {@link #delta} says what that did to the gauge at an instant. */
    record Change(Session[] before, Session[] after) {
        int delta(long t) {
            return Boolean.compare(openAt(after, t), openAt(before, t));
        }
    }

    static boolean openAt(Session[] sessions, long t) {
        for (Session s : sessions) {
            if (s.openAt(t)) {
                return true;
            }
        }
        return false;
    }

    /** Distinct users with a session open at {@code t}. */
    long countAt(long t) throws Exception {
        long n = 0;
        for (Session[] sessions : users.values()) {
            if (openAt(sessions, t)) {
                n++;
            }
        }
        return n;
    }

    /** Applied sign-ins/outs that occurred before the window starting at {@code start} and were written in or after it. */
    long crossingsInto(long start) throws Exception {
        long n = 0;
        for (Map.Entry<Tuple2<Long, Long>, Long> e : crossings.entries()) {
            if (e.getKey().f0 < start && start <= e.getKey().f1) {
                n += e.getValue();
            }
        }
        return n;
    }

    /**
     * Forgets what no window kept from now on can need: sessions that ended in or before the window starting at
     * {@code start} (its state is being dropped, and so is every earlier window's), and crossings written by then.
     */
    void forgetUntil(long start, WindowTimes times) throws Exception {
        List<String> done = new ArrayList<>();
        Map<String, Session[]> shrunk = new java.util.HashMap<>();
        for (Map.Entry<String, Session[]> e : users.entries()) {
            List<Session> kept = new ArrayList<>();
            for (Session s : e.getValue()) {
                long end = s.signedInAt == Session.UNKNOWN ? s.signedOutAt : s.endsAt();
                if (end == Session.OPEN || times.startOf(end) > start) {
                    kept.add(s);
                }
            }
            if (kept.isEmpty()) {
                done.add(e.getKey());
            } else if (kept.size() < e.getValue().length) {
                shrunk.put(e.getKey(), kept.toArray(new Session[0]));
            }
        }
        if (!shrunk.isEmpty()) {
            users.putAll(shrunk); // an empty putAll would leave an empty map behind as a state entry
        }
        for (String user : done) {
            users.remove(user);
        }
        for (Iterator<Map.Entry<Tuple2<Long, Long>, Long>> it = crossings.iterator(); it.hasNext(); ) {
            if (it.next().getKey().f1 <= start) {
                it.remove();
            }
        }
        // removing through an iterator can leave an empty map behind as a state entry (heap backend)
        if (users.isEmpty()) {
            users.clear();
        }
        if (crossings.isEmpty()) {
            crossings.clear();
        }
    }

    /** Whether nothing is kept (for tests of the state's clean-up). */
    boolean isEmpty() throws Exception {
        return users.isEmpty() && crossings.isEmpty();
    }
}
