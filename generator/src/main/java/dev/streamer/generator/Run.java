package dev.streamer.generator;

import dev.streamer.contract.Limits;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One run of a mode: set-up, the mode's main phase, then — on normal end or on Ctrl-C (a shutdown hook) — waiting for
 * requests in flight and writing the ground-truth report and the summary, exactly once.
 */
final class Run {

    /** The mode-specific part: submits operations through {@link #submit} until done or {@link #stopping()}. */
    interface Phase {
        void run(Run run, Random random) throws InterruptedException;
    }

    private final String mode;
    private final CommonOptions options;
    private final int users;
    private final double targetRate;
    private final PrintStream out;
    private final PrintStream err;
    private final Object submitLock = new Object();
    private final boolean terminal = System.console() != null;
    private final AttemptRecord attempts = new AttemptRecord();
    private ApiClient.RetryPolicy retry;

    private volatile boolean stopping;
    /** Seeds of sign-ins/outs waiting for the next window edge to pass. */
    private final ArrayDeque<Long> deferredSigns = new ArrayDeque<>();

    private boolean finished;
    private Thread runThread;
    private long seed;
    private long startedAt;
    private Simulation sim;
    private Driver driver;
    private RequestStats setupStats;
    private volatile RequestStats mainStats;
    private ScheduledExecutorService timers;
    private Path reportPath;
    private double plannedSeconds;

    Run(String mode, CommonOptions options, int users, double targetRate, PrintStream out, PrintStream err) {
        this.mode = mode;
        this.options = options;
        this.users = users;
        this.targetRate = targetRate;
        this.out = out;
        this.err = err;
    }

    int execute(Phase phase) {
        validate();
        retry = new ApiClient.RetryPolicy(options.retries, Duration.ofSeconds(options.retryForSeconds));
        seed = options.seed != null ? options.seed : ThreadLocalRandom.current().nextLong();
        reportPath = options.report != null ? options.report : defaultReportPath();
        Random random = new Random(seed);
        TextSource texts = options.texts();
        ApiClient api =
                new ApiClient(URI.create(options.baseUrl), Duration.ofSeconds(options.timeoutSeconds), retry, attempts);
        err.printf(
                "generator: %s against %s, %d users, seed %d (--seed %d repeats this run), texts from %s%n",
                mode, api.base(), users, seed, seed, options.corpus == null ? "the synthesiser" : options.corpus);
        driver = new Driver(options.concurrency);
        setupStats = new RequestStats(0);
        sim = new Simulation(
                api, options.password, texts, options.imageRatio, options.signGuardMillis, setupStats, err);
        runThread = Thread.currentThread();
        startedAt = System.currentTimeMillis();
        Thread hook = new Thread(() -> finish(true), "generator-report-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = 0;
        try {
            sim.setUp(options.userPrefix, users, options.memberships, options.communities, random, driver);
            mainStats = new RequestStats(targetRate);
            sim.useStats(mainStats);
            startTimers();
            phase.run(this, random);
            driver.awaitIdle(retry.longest(Duration.ofSeconds(options.timeoutSeconds)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            err.println("generator: error: " + e.getMessage());
            code = 1;
        }
        Thread.interrupted();
        finish(false);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
        return code;
    }

    boolean stopping() {
        return stopping;
    }

    /**
     * Plans and submits one operation; false once the run is stopping. Each operation draws its own seed from
     * {@code random} first, so the kinds, texts and image seeds of a run follow from its seed whatever the timing. A
     * sign-in/out due just before a window edge waits for the edge (see {@link Simulation#nearWindowEdge}) and is
     * submitted with the first tick after it.
     */
    boolean submit(OpKind kind, Random random) throws InterruptedException {
        long opSeed = random.nextLong();
        synchronized (submitLock) {
            if (stopping) {
                return false;
            }
            boolean nearEdge = sim.nearWindowEdge();
            while (!deferredSigns.isEmpty() && !nearEdge) {
                submitNow(OpKind.SIGN, deferredSigns.removeFirst());
            }
            if (kind == OpKind.SIGN && nearEdge) {
                deferredSigns.addLast(opSeed);
            } else {
                submitNow(kind, opSeed);
            }
            return true;
        }
    }

    private void submitNow(OpKind kind, long opSeed) throws InterruptedException {
        Runnable op = sim.plan(kind, new Random(opSeed));
        if (op != null) {
            driver.submit(op);
        }
    }

    Simulation simulation() {
        return sim;
    }

    RequestStats stats() {
        return mainStats;
    }

    PrintStream err() {
        return err;
    }

    private void validate() {
        if (users < 1 || users > 9999) {
            throw new IllegalArgumentException("--users must be within 1..9999");
        }
        if (!Limits.USERNAME.matcher(options.userPrefix + "-watcher").matches()) {
            throw new IllegalArgumentException("--user-prefix must be up to 24 of letters, digits, '_', '.', '-'");
        }
        if (options.concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be >= 1");
        }
        if (options.imageRatio < 0 || options.imageRatio > 1) {
            throw new IllegalArgumentException("--image-ratio must be within 0..1");
        }
        if (options.memberships < 1) {
            throw new IllegalArgumentException("--memberships must be >= 1");
        }
        if (options.signGuardMillis < 0 || options.signGuardMillis >= GroundTruth.WINDOW_MILLIS) {
            throw new IllegalArgumentException("--sign-guard must be within 0..29999 ms");
        }
        if (options.retries < 0
                || options.retryForSeconds < 0
                || options.timeoutSeconds < 1
                || options.feedPollMillis < 100
                || options.progressSeconds < 1) {
            throw new IllegalArgumentException(
                    "--retries >= 0, --retry-for >= 0, --timeout >= 1, --feed-poll >= 100 and --progress >= 1 please");
        }
    }

    private Path defaultReportPath() {
        String dir = System.getenv().getOrDefault("STREAMER_GENERATOR_REPORTS", ".");
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of(dir, "generator-report-" + mode + "-" + time + ".json");
    }

    private void startTimers() {
        timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "generator-timer");
            t.setDaemon(true);
            return t;
        });
        timers.scheduleWithFixedDelay(
                this::pollFeeds, options.feedPollMillis, options.feedPollMillis, TimeUnit.MILLISECONDS);
        long every = terminal ? 1 : options.progressSeconds;
        timers.scheduleAtFixedRate(this::printProgress, every, every, TimeUnit.SECONDS);
    }

    private void pollFeeds() {
        try {
            sim.pollFeeds();
        } catch (RuntimeException e) {
            err.println("generator: feed poll failed: " + e.getMessage());
        }
    }

    private void printProgress() {
        String line = mainStats.progressLine(plannedSeconds, driver.inFlight());
        if (terminal) {
            err.print("\r" + line + "   ");
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Planned length of the main phase, shown in the progress line; 0 when open-ended. */
    void plannedSeconds(double seconds) {
        this.plannedSeconds = seconds;
    }

    private synchronized void finish(boolean fromHook) {
        if (finished || sim == null) {
            return;
        }
        finished = true;
        stopping = true;
        if (fromHook && runThread != Thread.currentThread()) {
            runThread.interrupt();
        }
        synchronized (submitLock) {
            // no operation is submitted from here on; sign-ins/outs still waiting for a window edge are dropped
            for (; !deferredSigns.isEmpty() && mainStats != null; deferredSigns.removeFirst()) {
                mainStats.skipped();
            }
        }
        try {
            // on Ctrl-C the user wants to stop now; at the normal end, requests retrying across an outage may finish
            driver.awaitIdle(
                    fromHook ? Duration.ofSeconds(10) : retry.longest(Duration.ofSeconds(options.timeoutSeconds)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (timers != null) {
            timers.shutdownNow();
        }
        if (terminal) {
            err.println();
        }
        RequestStats stats = mainStats != null ? mainStats : setupStats;
        Report.Truth truth = sim.truth.compute();
        int unfinished = driver.inFlight();
        boolean exact = unfinished == 0
                && truth.uncertainEvents() == 0
                && truth.signEventTiming().exact();
        Report report = new Report(
                mode,
                options.baseUrl,
                seed,
                startedAt,
                System.currentTimeMillis(),
                GroundTruth.WINDOW_MILLIS,
                unfinished,
                exact,
                stats.summary(),
                truth,
                attempts.snapshot());
        report.write(reportPath);
        out.println(RequestStats.summaryText(mode, report.requests(), report, reportPath.toString()));
        out.flush();
        driver.close();
    }
}
