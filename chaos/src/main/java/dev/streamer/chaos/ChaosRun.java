package dev.streamer.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.Limits;
import dev.streamer.generator.ApiClient;
import dev.streamer.generator.ApiResponse;
import dev.streamer.generator.GroundTruth;
import dev.streamer.generator.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * One chaos run: the generator's load against the running stack, the schedule's faults one after another, then the
 * checks — MySQL against the generator's ground truth, every non-2xx answer against the faults, a WebSocket client
 * that stayed connected against MySQL — and the table.
 */
final class ChaosRun {

    /** Everything a run is told. */
    record Settings(
            Endpoints endpoints,
            String jobName,
            long seed,
            Duration total,
            List<String> faults,
            double rate,
            int users,
            Duration retryFor,
            Duration recoveryTimeout,
            Duration settleTimeout) {}

    private static final Duration ANSWER_GRACE = Duration.ofSeconds(10);
    private static final Duration TAIL_TRAFFIC = Duration.ofSeconds(10);
    /** The run's traffic starts this long after a window's start, so that none of it is placed in the window before. */
    private static final Duration WINDOW_START_MARGIN = Duration.ofSeconds(1);

    private final Settings s;
    private final PrintStream out;
    private final Path runDir;
    private final Stack stack;
    private final FlinkRest flink;
    private final long started = System.currentTimeMillis();

    ChaosRun(Settings settings, PrintStream out) throws IOException {
        this.s = settings;
        this.out = out;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        this.runDir = Files.createDirectories(
                settings.endpoints().home().resolve("chaos").resolve(stamp));
        this.stack = new Stack(settings.endpoints(), runDir.resolve("stack.log"));
        this.flink = new FlinkRest(settings.endpoints().flink(), settings.jobName());
    }

    /** 0 when every check held, 1 otherwise. */
    int run() throws Exception {
        List<Schedule.Step> steps = !s.faults().isEmpty()
                ? Schedule.only(s.seed(), s.faults())
                : s.total().compareTo(Duration.ofMinutes(8)) <= 0
                        ? Schedule.shortForm(s.seed())
                        : Schedule.soak(s.seed(), s.total());
        say(
                "seed %d (--seed %d repeats the schedule), %d faults, generator load %s req/s with %d users; files in %s",
                s.seed(), s.seed(), steps.size(), trim(s.rate()), s.users(), runDir);
        FaultContext ctx = new FaultContext(stack, flink, s.recoveryTimeout(), out);
        ensureStackUp(ctx);

        // account names of this run only, so that its users start with no memberships and no history
        String suffix = HexFormat.of().toHexDigits(System.currentTimeMillis()).substring(10);
        Path reportFile = runDir.resolve("generator-report.json");
        List<Fault.Outcome> outcomes = new ArrayList<>();
        Process generator = null;
        try (LiveObserver live = observer("chaos-obs-" + suffix)) {
            awaitWindowOfItsOwn();
            generator = startGenerator("chaos" + suffix, reportFile);
            awaitGeneratorReady(generator);
            for (int i = 0; i < steps.size(); i++) {
                Schedule.Step step = steps.get(i);
                Thread.sleep(step.trafficBefore().toMillis());
                say("fault %d/%d: %s", i + 1, steps.size(), step.fault().name());
                Fault.Outcome o = step.fault().inject(ctx);
                outcomes.add(o);
                say(
                        "  %s",
                        o.recovered()
                                ? String.format("recovered after %.1f s (%s)", o.secondsToRecover(), o.note())
                                : "NOT RECOVERED within " + s.recoveryTimeout().toSeconds() + " s (" + o.note() + ")");
                if (!o.recovered()) {
                    say("stopping the schedule: the stack did not recover");
                    break;
                }
            }
            Thread.sleep(TAIL_TRAFFIC.toMillis());
            long trafficEnd = System.currentTimeMillis();
            Report report = stopGenerator(generator, reportFile);
            say(
                    "generator stopped: %d events accepted, report %s",
                    report.truth().acceptedEvents(), report.exact() ? "exact" : "NOT exact");

            Verdicts v = verify(report, outcomes, live, trafficEnd);
            String table = Table.render(
                    started,
                    outcomes,
                    v.perFault(),
                    v.answers(),
                    report,
                    v.total(),
                    v.live(),
                    live,
                    flink.job(),
                    System.currentTimeMillis() - started,
                    s.seed());
            out.println();
            out.println(table);
            Path md = runDir.resolve("chaos-report.md");
            Files.writeString(md, table + "\n", StandardCharsets.UTF_8);
            boolean exact = report.exact()
                    && v.total().exact()
                    && v.answers().clean()
                    && v.live().isEmpty()
                    && outcomes.size() == steps.size()
                    && outcomes.stream().allMatch(Fault.Outcome::recovered);
            say("%s; report: %s", exact ? "EXACT: every check held" : "NOT EXACT: see above", md);
            return exact ? 0 : 1;
        } finally {
            if (generator != null && generator.isAlive()) {
                generator.destroyForcibly();
            }
        }
    }

    /** The comparison with MySQL (overall and per fault), the answer audit and the WebSocket check. */
    private record Verdicts(
            Comparison total, List<Comparison> perFault, AnswerAudit.Verdict answers, List<String> live) {}

    private Verdicts verify(Report report, List<Fault.Outcome> outcomes, LiveObserver live, long trafficEnd)
            throws InterruptedException, SQLException {
        Report.Truth truth = report.truth();
        long first = truth.windows().stream()
                .mapToLong(Report.WindowCounts::windowStart)
                .min()
                .orElse(0);
        long last = truth.windows().stream()
                .mapToLong(Report.WindowCounts::windowStart)
                .max()
                .orElse(0);
        List<String> ids = StoredState.ids(truth.posts());
        say(
                "waiting for MySQL to hold the ground truth: %d windows from %tT to %tT, %d posts",
                truth.windows().size(), first, last + 30_000, ids.size());
        long deadline = System.currentTimeMillis() + s.settleTimeout().toMillis();
        StoredState stored = StoredState.read(s.endpoints(), first, last, ids);
        Comparison total = Comparison.of(truth, stored);
        while (!total.exact() && System.currentTimeMillis() < deadline) {
            Thread.sleep(2_000);
            stored = StoredState.read(s.endpoints(), first, last, ids);
            total = Comparison.of(truth, stored);
        }
        say(
                "MySQL %s after %.0f s",
                total.exact() ? "equals the truth" : "differs from the truth",
                (System.currentTimeMillis() - trafficEnd) / 1000.0);

        List<Comparison> perFault = new ArrayList<>();
        for (Fault.Outcome o : outcomes) {
            long to = (o.recovered() ? o.recoveredAt() : trafficEnd) + 30_000;
            perFault.add(Comparison.windowsBetween(truth, stored, o.injectedAt() - 60_000, to));
        }

        TreeSet<String> communities = new TreeSet<>();
        truth.windows().forEach(w -> communities.add(w.communityId()));
        List<String> liveDiffs = liveDifferences(live, communities);
        long liveDeadline = System.currentTimeMillis() + 90_000;
        while (!liveDiffs.isEmpty() && System.currentTimeMillis() < liveDeadline) {
            Thread.sleep(2_000);
            liveDiffs = liveDifferences(live, communities);
        }
        AnswerAudit.Verdict answers = AnswerAudit.audit(report.attempts(), outcomes, ANSWER_GRACE, trafficEnd);
        return new Verdicts(total, perFault, answers, liveDiffs);
    }

    /** Per community, the WebSocket client's last window against MySQL's last row; empty when they agree. */
    private List<String> liveDifferences(LiveObserver live, TreeSet<String> communities) throws SQLException {
        Map<String, StoredState.Window> stored = StoredState.lastWindows(s.endpoints());
        List<String> diffs = new ArrayList<>();
        for (String c : communities) {
            StoredState.Window row = stored.get(c);
            Optional<JsonNode> seen = live.lastWindow(c);
            if (row == null || seen.isEmpty()) {
                diffs.add(c + ": " + (row == null ? "no row in MySQL" : "nothing received on the WebSocket"));
                continue;
            }
            String got = LiveRecord.describe(seen.get());
            String want = LiveRecord.describe(row);
            if (!got.equals(want)) {
                diffs.add(c + ": WebSocket " + got + " vs MySQL " + want);
            }
        }
        return diffs;
    }

    private void ensureStackUp(FaultContext ctx) throws InterruptedException {
        stack.process("generator").ifPresent(p -> {
            say("stopping the demo generator (pid %d): its traffic would be counted in the same windows", p.pid());
            p.destroy();
            p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
        if (flink.job().filter(FlinkRest.JobView::running).isPresent() && stack.servicesHealthy()) {
            return;
        }
        say("the stack is not up: bin/streamer up --no-generator");
        Stack.Result up = stack.streamer(Duration.ofMinutes(15), "up", "--no-generator");
        if (!up.ok() || ctx.awaitTrue(() -> ctx.pipelineHealthySince(0)) < 0) {
            throw new IllegalStateException("bin/streamer up failed (exit " + up.exit() + "):\n" + up.tail());
        }
    }

    /**
     * A dashboard on every community and {@code all}, as a user who is a member of every community; signed in before
     * joining, so that it emits no event of its own.
     */
    private LiveObserver observer(String username) {
        ApiClient api = new ApiClient(s.endpoints().edge(), Duration.ofSeconds(10), 5);
        String password = "chaos-" + Long.toHexString(new Random(s.seed()).nextLong());
        ApiResponse registered = api.register(username, password);
        ApiResponse login = api.login(username, password);
        if (!registered.is(201) || !login.is(200)) {
            throw new IllegalStateException("cannot register the observer " + username + ": " + registered.describe()
                    + " / " + login.describe());
        }
        String token = login.text("token");
        List<String> communities = new ArrayList<>();
        for (JsonNode c : api.communities(token).body()) {
            String id = c.path("id").asText();
            ApiResponse joined = api.join(token, id);
            if (!joined.is(204)) {
                throw new IllegalStateException("the observer cannot join " + id + ": " + joined.describe());
            }
            communities.add(id);
        }
        communities.add(Limits.ALL_COMMUNITIES);
        LiveObserver live =
                new LiveObserver(s.endpoints().push(), token, s.endpoints().origin());
        live.watch(communities);
        return live;
    }

    /**
     * Sleeps into the next window. The truth holds this run's events only, but a window's row counts every event in
     * it: whatever ran just before (a test stage of CI, a user) must stay in windows the run does not compare. Seen
     * in CI: the e2e stage's last likes, 4 s before the run started, counted in its first window.
     */
    private void awaitWindowOfItsOwn() throws InterruptedException {
        long now = System.currentTimeMillis();
        long startAt = firstOwnWindowStart(now) + WINDOW_START_MARGIN.toMillis();
        say(
                "waiting %.1f s for a window of its own (events before this run stay in earlier windows)",
                (startAt - now) / 1000.0);
        Thread.sleep(startAt - now);
    }

    /** The start of the first window that begins after {@code now}. */
    static long firstOwnWindowStart(long now) {
        return GroundTruth.windowStart(now) + GroundTruth.WINDOW_MILLIS;
    }

    private Process startGenerator(String prefix, Path report) throws IOException {
        List<String> command = List.of(
                s.endpoints().root().resolve("bin/streamer").toString(),
                "generate",
                "load",
                "--base-url",
                s.endpoints().edge().toString(),
                "--rate",
                trim(s.rate()),
                "--duration",
                "86400",
                "--users",
                String.valueOf(s.users()),
                "--user-prefix",
                prefix,
                "--seed",
                String.valueOf(s.seed()),
                "--retry-for",
                String.valueOf(s.retryFor().toSeconds()),
                "--progress",
                "10",
                "--report",
                report.toString());
        say(
                "generator: %s (log %s)",
                String.join(" ", command.subList(1, command.size())), runDir.resolve("generator.log"));
        return new ProcessBuilder(command)
                .directory(s.endpoints().root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(runDir.resolve("generator.log").toFile())
                .start();
    }

    private void awaitGeneratorReady(Process generator) throws InterruptedException, IOException {
        Path log = runDir.resolve("generator.log");
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!generator.isAlive()) {
                throw new IllegalStateException("the generator exited during set-up; see " + log);
            }
            if (Files.exists(log)
                    && Files.readString(log, StandardCharsets.UTF_8).contains("users ready")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the generator's users were not ready within 3 minutes; see " + log);
    }

    /** SIGTERM (what Ctrl-C does): the generator lets requests in flight finish, then writes its report. */
    private Report stopGenerator(Process generator, Path report) throws InterruptedException {
        generator.destroy();
        if (!generator.waitFor(s.retryFor().toSeconds() + 120, TimeUnit.SECONDS)) {
            generator.destroyForcibly();
            throw new IllegalStateException("the generator did not stop; see " + runDir.resolve("generator.log"));
        }
        return Report.read(report);
    }

    private void say(String format, Object... args) {
        out.printf("chaos: " + format + "%n", args);
        out.flush();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
