package dev.streamer.generator;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs operations on at most {@code concurrency} worker threads; {@link #submit} waits for a free worker. */
public final class Driver implements AutoCloseable {

    private final int concurrency;
    private final Semaphore permits;
    private final ExecutorService workers;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Driver(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        }
        this.concurrency = concurrency;
        this.permits = new Semaphore(concurrency);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "generator-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public void submit(Runnable operation) throws InterruptedException {
        permits.acquire();
        inFlight.incrementAndGet();
        try {
            workers.execute(() -> {
                try {
                    operation.run();
                } catch (RuntimeException e) {
                    System.err.println("generator: operation failed: " + e);
                } finally {
                    inFlight.decrementAndGet();
                    permits.release();
                }
            });
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            permits.release();
            throw e;
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Waits until every submitted operation finished; false on timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        if (permits.tryAcquire(concurrency, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            permits.release(concurrency);
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
