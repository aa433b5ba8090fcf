package dev.streamer.flink.functions;

import dev.streamer.contract.EventType;
import dev.streamer.flink.emotion.PostClassifier;
import dev.streamer.flink.emotion.PostClassifierFactory;
import dev.streamer.flink.records.Activity;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels every POST_CREATED with the emotion model; other events pass unchanged. Posts are classified on a pool of
 * threads per subtask, all sharing the subtask's one classifier (one copy of the weights), through Flink's ordered
 * async I/O: events leave in the order they came, so a post still precedes the interactions that follow it, and
 * watermarks wait for the posts before them. A text the model fails on, or one it has not answered within the
 * timeout, leaves the post unlabelled (counted); it never fails the job.
 *
 * <p>Why threads: the source thread used to run the model itself, one post after another, and on a busy machine it
 * got a fraction of a core while the backlog grew (README, "Freshness under load").
 */
public final class ClassifyPosts extends RichAsyncFunction<Activity, Activity> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyPosts.class);

    private final PostClassifierFactory factory;
    private final int threads;
    private transient PostClassifier classifier;
    private transient ExecutorService pool;
    private transient Counter classified;
    private transient Counter failed;
    private transient Counter timedOut;

    public ClassifyPosts(PostClassifierFactory factory, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("the emotion model needs at least one thread, got " + threads);
        }
        this.factory = factory;
        this.threads = threads;
    }

    /**
     * {@code activity} with its posts labelled: at most {@code inFlight} events at once per subtask wait for their
     * posts' labels; a post not labelled within {@code timeout} passes unlabelled.
     */
    public static DataStream<Activity> labelled(
            DataStream<Activity> activity, PostClassifierFactory factory, int threads, int inFlight, Duration timeout) {
        return AsyncDataStream.orderedWait(
                        activity,
                        new ClassifyPosts(factory, threads),
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS,
                        inFlight)
                .uid("emotion")
                .name("emotion");
    }

    @Override
    public void open(OpenContext openContext) {
        long start = System.nanoTime();
        classifier = factory.open();
        LOG.info(
                "opened {} in {} ms, {} threads", factory.describe(), (System.nanoTime() - start) / 1_000_000, threads);
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        pool = Executors.newFixedThreadPool(threads, named("emotion-" + subtask + "-"));
        classified = getRuntimeContext().getMetricGroup().counter("postsClassified");
        failed = getRuntimeContext().getMetricGroup().counter("postsNotClassified");
        timedOut = getRuntimeContext().getMetricGroup().counter("postsClassificationTimedOut");
    }

    @Override
    public void asyncInvoke(Activity a, ResultFuture<Activity> result) {
        if (a.type() != EventType.POST_CREATED) {
            result.complete(List.of(a));
            return;
        }
        try {
            pool.execute(() -> result.complete(List.of(label(a))));
        } catch (RejectedExecutionException e) {
            // only while closing: the operator snapshots or drops what is still in flight
            result.completeExceptionally(e);
        }
    }

    private Activity label(Activity a) {
        try {
            PostClassifier.Classification c = classifier.classify(a.text());
            classified.inc();
            return a.withEmotion(c.label(), c.scores());
        } catch (RuntimeException e) {
            failed.inc();
            LOG.warn("could not classify post {}: {}", a.postId(), e.toString());
            return a;
        }
    }

    @Override
    public void timeout(Activity a, ResultFuture<Activity> result) {
        timedOut.inc();
        LOG.warn("post {} was not classified within the timeout: passed on unlabelled", a.postId());
        result.complete(List.of(a));
    }

    @Override
    public void close() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("emotion threads still busy 10 s after close");
            }
            pool = null;
        }
        if (classifier != null) {
            classifier.close();
            classifier = null;
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
