package dev.streamer.chaos;

/** One fault the chaos test injects into the running stack, then waits out until the stack has recovered. */
interface Fault {

    /** A short name for the table, e.g. {@code kill -9 TaskManager}. */
    String name();

    /**
     * True when edge-api may rightly answer 503 (or not at all) while this fault lasts: an outage of something every
     * write needs (the broker, the database, edge-api itself). A non-2xx answer at any other time is a defect.
     */
    boolean disruptsApi();

    /** Injects the fault and returns once the stack recovered or the recovery timed out. */
    Outcome inject(FaultContext ctx) throws InterruptedException;

    /**
     * What happened: when the fault was injected, when its cause was over (a stopped part started again; for a kill,
     * the kill itself), when the stack was healthy again (-1: not within the timeout), and a note for the table.
     */
    record Outcome(
            String fault, boolean disruptsApi, long injectedAt, long causeEndedAt, long recoveredAt, String note) {

        boolean recovered() {
            return recoveredAt >= 0;
        }

        /** Seconds from the end of the cause (the kill, or the restart of a stopped part) to recovery. */
        double secondsToRecover() {
            return recovered() ? (recoveredAt - causeEndedAt) / 1000.0 : Double.NaN;
        }
    }
}
