package dev.streamer.flink.functions;

import dev.streamer.contract.FeedPost;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Passes on each post's latest version once per interval instead of every version: a post liked a hundred times a
 * second is written to MySQL and the feed topic a few times a second. Consumers of the feed keep the highest version
 * per post (DESIGN §6), so the intermediate versions carry nothing they would show.
 *
 * <p>Nothing is held across a checkpoint: the buffer is emitted before each checkpoint barrier and at the end of a
 * bounded input, so a restored job re-creates from its replayed input every version it had not yet passed on. A
 * custom operator rather than a process function because only an operator sees the barrier coming.
 */
public final class CoalescePosts extends AbstractStreamOperator<FeedPost>
        implements OneInputStreamOperator<FeedPost, FeedPost>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final long intervalMillis;

    private transient Map<String, FeedPost> pending;
    private transient boolean timerPending;
    private transient Counter coalesced;

    public CoalescePosts(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("the coalescing interval must be positive, got " + interval);
        }
        this.intervalMillis = interval.toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        pending = new LinkedHashMap<>();
        coalesced = getMetricGroup().counter("feedVersionsCoalesced");
    }

    @Override
    public void processElement(StreamRecord<FeedPost> element) {
        FeedPost post = element.getValue();
        // one post is always on one subtask of the keyed feed state, so what arrives later is the newer version
        if (pending.put(post.postId(), post) != null) {
            coalesced.inc();
        }
        if (!timerPending) {
            timerPending = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + intervalMillis, time -> {
                timerPending = false;
                emitPending();
            });
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        emitPending();
    }

    @Override
    public void endInput() {
        emitPending();
    }

    private void emitPending() {
        for (FeedPost post : pending.values()) {
            output.collect(new StreamRecord<>(post));
        }
        pending.clear();
    }
}
