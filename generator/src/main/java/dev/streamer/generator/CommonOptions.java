package dev.streamer.generator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by {@code demo} and {@code load}. */
public final class CommonOptions {

    @Option(
            names = "--base-url",
            defaultValue = "${env:STREAMER_BASE_URL:-http://localhost:8080}",
            description = "edge-api base URL (default: $STREAMER_BASE_URL or ${DEFAULT-VALUE})")
    String baseUrl;

    @Option(
            names = "--user-prefix",
            defaultValue = "gen",
            description = "usernames are PREFIX-0001, PREFIX-0002, … plus PREFIX-watcher (default: ${DEFAULT-VALUE})")
    String userPrefix;

    @Option(
            names = "--password",
            defaultValue = "${env:STREAMER_GENERATOR_PASSWORD:-generator-password-1}",
            description = "password of every generated account (default: $STREAMER_GENERATOR_PASSWORD or a fixed one)")
    String password;

    @Option(
            names = "--seed",
            description = "seed of every random choice; the same seed gives the same sequence "
                    + "(default: random, printed at start)")
    Long seed;

    @Option(
            names = "--corpus",
            paramLabel = "FILE",
            description =
                    "take texts from a column of this TSV/CSV file (.tsv/.tab = tab-separated) instead of the built-in synthesiser")
    Path corpus;

    @Option(
            names = "--corpus-column",
            defaultValue = "0",
            description = "0-based column of --corpus (default: ${DEFAULT-VALUE})")
    int corpusColumn;

    @Option(
            names = "--image-ratio",
            defaultValue = "0.2",
            description = "share of posts with a generated PNG (default: ${DEFAULT-VALUE})")
    double imageRatio;

    @Option(
            names = "--communities",
            split = ",",
            paramLabel = "ID",
            description = "act only in these communities (default: every community edge-api lists)")
    List<String> communities = new ArrayList<>();

    @Option(
            names = "--memberships",
            defaultValue = "3",
            description = "a new user joins 1..N random communities (default: ${DEFAULT-VALUE})")
    int memberships;

    @Option(
            names = "--concurrency",
            defaultValue = "16",
            description = "most requests in flight at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--timeout",
            defaultValue = "10",
            description = "request timeout in seconds (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(
            names = "--retries",
            defaultValue = "3",
            description =
                    "retries after a 5xx or no answer, with jittered exponential back-off; 4xx are never retried (default: ${DEFAULT-VALUE})")
    int retries;

    @Option(
            names = "--retry-for",
            defaultValue = "0",
            description =
                    "keep retrying a request that got a 5xx or no answer for this many seconds after its first attempt, "
                            + "beyond --retries (honouring Retry-After; the same Idempotency-Key every time), so that it ends 2xx "
                            + "across an outage (default: ${DEFAULT-VALUE})")
    int retryForSeconds;

    @Option(
            names = "--feed-poll",
            defaultValue = "2000",
            description = "ms between polls of the feeds for new posts to interact with (default: ${DEFAULT-VALUE})")
    long feedPollMillis;

    @Option(
            names = "--sign-guard",
            defaultValue = "2000",
            description =
                    "ms before a window edge in which no sign-in/out starts (it is deferred to just after the edge), "
                            + "so that its window is certain (default: ${DEFAULT-VALUE}; 0 = off)")
    long signGuardMillis;

    @Option(
            names = "--progress",
            defaultValue = "5",
            description =
                    "seconds between progress lines (default: ${DEFAULT-VALUE}; 1 on a terminal, redrawn in place)")
    int progressSeconds;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "where to write the ground-truth report (default: $STREAMER_GENERATOR_REPORTS or ., "
                    + "file generator-report-MODE-TIME.json)")
    Path report;

    TextSource texts() {
        return corpus == null ? new TextSynthesiser() : Corpus.load(corpus, corpusColumn);
    }
}
