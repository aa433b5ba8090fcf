package dev.streamer.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The service's meters, exported on /q/metrics with the prefix {@code streamer_push_}. */
@ApplicationScoped
public class PushMetrics {

    private final MeterRegistry registry;
    private final AtomicLong openConnections = new AtomicLong();
    private final AtomicLong consumerLag = new AtomicLong();
    private final Counter messagesSent;
    private final Counter clientsDropped;
    private final Counter recordsSuppressed;
    private final Counter recordsRejected;
    private final Counter resyncs;
    private final Timer recordAge;
    private final Timer windowDelay;

    public PushMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("streamer.push.connections.open", openConnections, AtomicLong::get)
                .description("WebSocket connections currently subscribed")
                .register(registry);
        Gauge.builder("streamer.push.consumer.lag", consumerLag, AtomicLong::get)
                .description("Records on the result topics not yet read by this instance")
                .register(registry);
        messagesSent = Counter.builder("streamer.push.messages.sent")
                .description("Messages written to clients")
                .register(registry);
        clientsDropped = Counter.builder("streamer.push.clients.dropped")
                .tag("reason", "too_slow")
                .description("Clients closed because their send buffer overflowed")
                .register(registry);
        recordsSuppressed = Counter.builder("streamer.push.records.suppressed")
                .description("Replayed records not sent again (key and revision/version already sent)")
                .register(registry);
        recordAge = Timer.builder("streamer.push.record.age")
                .description("From a result record's Kafka timestamp to its hand-over to the clients' buffers")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        windowDelay = Timer.builder("streamer.push.window.delay")
                .description("From a window's end to its result's Kafka timestamp: how long after the window closed"
                        + " its result was published")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        recordsRejected = Counter.builder("streamer.push.records.rejected")
                .description("Result records that could not be decoded")
                .register(registry);
        resyncs = Counter.builder("streamer.push.resyncs")
                .description("Times every open connection was told to reload because records may have been missed")
                .register(registry);
    }

    public void resync() {
        resyncs.increment();
    }

    public void connectionOpened() {
        openConnections.incrementAndGet();
    }

    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    public void refused(int code) {
        registry.counter("streamer.push.connections.refused", "code", String.valueOf(code))
                .increment();
    }

    public void messageSent() {
        messagesSent.increment();
    }

    public void clientDropped() {
        clientsDropped.increment();
    }

    public double clientsDropped() {
        return clientsDropped.count();
    }

    public void recordReceived(String topic) {
        registry.counter("streamer.push.records.received", "topic", topic).increment();
    }

    public void recordSuppressed() {
        recordsSuppressed.increment();
    }

    public void recordRejected() {
        recordsRejected.increment();
    }

    public void recordRouted(long recordTimestamp) {
        recordAge.record(Math.max(0, System.currentTimeMillis() - recordTimestamp), TimeUnit.MILLISECONDS);
    }

    /** Every analytics record received (replays too): its Kafka timestamp minus its window's end, at least 0. */
    public void windowPublished(long recordTimestamp, long windowEnd) {
        windowDelay.record(Math.max(0, recordTimestamp - windowEnd), TimeUnit.MILLISECONDS);
    }

    public void consumerLag(long lag) {
        consumerLag.set(lag);
    }

    public long openConnections() {
        return openConnections.get();
    }
}
