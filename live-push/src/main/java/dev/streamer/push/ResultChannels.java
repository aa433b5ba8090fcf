package dev.streamer.push;

import dev.streamer.contract.FeedPost;
import dev.streamer.contract.Limits;
import dev.streamer.contract.ResultCodec;
import dev.streamer.contract.Topics;
import dev.streamer.contract.WindowResult;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The two result channels ({@code mp.messaging.incoming.analytics|feed.*} in application.properties): each record of
 * {@link Topics#ANALYTICS} and {@link Topics#FEED} is decoded, checked, encoded once as a message and handed to the
 * {@link Router}; a replayed one is dropped by the {@link ReplayFilter}. A record that cannot be decoded is counted,
 * logged and skipped, so one poison record never stops a channel. Every record's offset goes to
 * {@link ResultPositions}, which tells clients to resync when records were lost.
 */
@ApplicationScoped
public class ResultChannels {

    private static final Logger LOG = Logger.getLogger(ResultChannels.class);

    private final Router router;
    private final PushMetrics metrics;
    private final ResultPositions positions;
    /** Shared by both channels, whose records may be delivered on different threads: guarded by itself. */
    private final ReplayFilter replays;

    public ResultChannels(Router router, PushMetrics metrics, ResultPositions positions, PushConfig config) {
        this.router = router;
        this.metrics = metrics;
        this.positions = positions;
        this.replays = new ReplayFilter(config.replayMemory());
    }

    @Incoming("analytics")
    public void onWindow(ConsumerRecord<String, byte[]> record) {
        received(record);
        WindowResult window;
        try {
            window = ResultCodec.decodeWindowResult(record.value());
            requireCommunity(window.communityId());
        } catch (RuntimeException e) { // ContractViolation, or a record without the fields routing needs
            rejected(record, e);
            return;
        }
        metrics.windowPublished(record.timestamp(), window.windowEnd());
        if (isNew("w:" + window.key(), window.revision())) {
            router.routeAnalytics(window.communityId(), Messages.analytics(window));
            metrics.recordRouted(record.timestamp());
        } else {
            metrics.recordSuppressed();
        }
    }

    @Incoming("feed")
    public void onPost(ConsumerRecord<String, byte[]> record) {
        received(record);
        FeedPost post;
        try {
            post = ResultCodec.decodeFeedPost(record.value());
            requireCommunity(post.communityId());
            if (post.postId() == null || !Limits.UUID.matcher(post.postId()).matches()) {
                throw new IllegalArgumentException("postId missing or not a UUID");
            }
        } catch (RuntimeException e) {
            rejected(record, e);
            return;
        }
        if (isNew("p:" + post.postId(), post.version())) {
            router.routePost(post.communityId(), Messages.post(post));
            metrics.recordRouted(record.timestamp());
        } else {
            metrics.recordSuppressed();
        }
    }

    private void received(ConsumerRecord<String, byte[]> record) {
        metrics.recordReceived(record.topic());
        positions.received(record.topic(), record.partition(), record.offset());
    }

    private boolean isNew(String key, long revision) {
        synchronized (replays) {
            return replays.isNew(key, revision);
        }
    }

    private void rejected(ConsumerRecord<String, byte[]> record, RuntimeException e) {
        metrics.recordRejected();
        LOG.warnf(
                "skipping undecodable record %s-%d@%d: %s",
                record.topic(), record.partition(), record.offset(), e.getMessage());
    }

    private static void requireCommunity(String communityId) {
        if (communityId == null || !Limits.COMMUNITY_ID.matcher(communityId).matches()) {
            throw new IllegalArgumentException("communityId missing or malformed");
        }
    }
}
