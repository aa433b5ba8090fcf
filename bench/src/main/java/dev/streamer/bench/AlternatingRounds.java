package dev.streamer.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures a route against its baseline fairly: both are warmed up first (baseline, then route, on the same client and
 * JVM), then measured in alternating rounds whose order flips every round (baseline-route, route-baseline, …), so that
 * neither side gets the colder JVM, the fresher connections or the quieter stretch of a machine whose load drifts.
 * The ratio is that of the two sides' totals over the same rounds.
 */
final class AlternatingRounds {

    enum Side {
        BASELINE,
        ROUTE
    }

    /** Puts one side under load for a while. */
    interface Runner {
        Load run(Side side, Duration duration) throws InterruptedException;
    }

    /** One round: each side measured once, back to back. */
    record Round(Load baseline, Load route) {
        double ratio() {
            return route.perSecond() / baseline.perSecond();
        }
    }

    /** The rounds and each side's total over them. */
    record Outcome(List<Round> rounds, Load baseline, Load route) {
        double ratio() {
            return route.perSecond() / baseline.perSecond();
        }

        double lowestRoundRatio() {
            return rounds.stream().mapToDouble(Round::ratio).min().orElse(Double.NaN);
        }

        double highestRoundRatio() {
            return rounds.stream().mapToDouble(Round::ratio).max().orElse(Double.NaN);
        }
    }

    private AlternatingRounds() {}

    /** The order of round {@code index} (0-based): baseline first in even rounds, the route first in odd ones. */
    static List<Side> order(int index) {
        return index % 2 == 0 ? List.of(Side.BASELINE, Side.ROUTE) : List.of(Side.ROUTE, Side.BASELINE);
    }

    /**
     * Warms up both sides for {@code warmUp} each (not measured), then runs {@code rounds} rounds of {@code perRound}
     * per side.
     */
    static Outcome run(Runner runner, Duration warmUp, Duration perRound, int rounds) throws InterruptedException {
        if (rounds < 1) {
            throw new IllegalArgumentException("at least one round, got " + rounds);
        }
        if (!warmUp.isZero()) {
            runner.run(Side.BASELINE, warmUp);
            runner.run(Side.ROUTE, warmUp);
        }
        List<Round> done = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Load baseline = null;
            Load route = null;
            for (Side side : order(i)) {
                Load l = runner.run(side, perRound);
                if (side == Side.BASELINE) {
                    baseline = l;
                } else {
                    route = l;
                }
            }
            done.add(new Round(baseline, route));
        }
        return new Outcome(
                List.copyOf(done),
                Load.combined(done.stream().map(Round::baseline).toList()),
                Load.combined(done.stream().map(Round::route).toList()));
    }
}
