package dev.streamer.generator;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * One simulated person. Only the thread that holds the user (see {@link Crowd#acquire}) reads or changes its state,
 * so a user never has two requests in flight: its events reach edge-api in the order it made them.
 */
final class SimUser {

    final String username;
    String id;
    String token;
    boolean signedIn;
    /** Communities this user is a member of, sorted so that random picks depend only on the seed. */
    final TreeSet<String> communities = new TreeSet<>();
    /** Posts this user currently likes, as far as accepted events tell. */
    final Set<String> liked = new HashSet<>();

    boolean busy;
    /** Whether {@link #communities} was read from GET /api/me (or built by this run's joins). */
    boolean membershipsKnown;
    /** Status of the last sign-in attempt. */
    int lastStatus;

    SimUser(String username) {
        this.username = username;
    }

    @Override
    public String toString() {
        return username;
    }
}
