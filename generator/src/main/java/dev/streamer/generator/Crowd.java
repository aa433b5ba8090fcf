package dev.streamer.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/** The simulated users; hands out idle ones so that each user has at most one request in flight. */
final class Crowd {

    private final List<SimUser> users;

    Crowd(List<SimUser> users) {
        this.users = List.copyOf(users);
    }

    List<SimUser> all() {
        return users;
    }

    /** A random idle user matching {@code eligible}, now held by the caller; null when there is none. */
    synchronized SimUser acquire(Random random, Predicate<SimUser> eligible) {
        List<SimUser> candidates = new ArrayList<>();
        for (SimUser u : users) {
            if (!u.busy && eligible.test(u)) {
                candidates.add(u);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        SimUser u = candidates.get(random.nextInt(candidates.size()));
        u.busy = true;
        return u;
    }

    synchronized void release(SimUser user) {
        user.busy = false;
    }

    synchronized long signedIn() {
        return users.stream().filter(u -> u.signedIn).count();
    }
}
