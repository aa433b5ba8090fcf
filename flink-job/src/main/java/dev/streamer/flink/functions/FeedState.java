package dev.streamer.flink.functions;

import dev.streamer.contract.EventType;
import dev.streamer.contract.FeedPost;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.CommentRow;
import dev.streamer.flink.records.LikeChange;
import dev.streamer.flink.records.LikeMark;
import dev.streamer.flink.records.PostState;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per-post state, keyed by post id: the post, who likes it, comment and share counts. Emits the post after every
 * change (main output, to the posts table and the feed topic), like switches ({@link #LIKES}) and new comments
 * ({@link #COMMENTS}).
 *
 * <p>Its input is de-duplicated upstream ({@link CommunityWindows#POST_EVENTS}: first occurrences, in log order), so
 * every version follows from the post's events in the same order in every run. Likes are a toggle per user: a like
 * of a user who likes the post, or an unlike of one who does not, changes nothing. The latest event time wins, so a
 * like and an unlike that arrive out of order still end right.
 */
public final class FeedState extends KeyedProcessFunction<String, Activity, FeedPost> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<LikeChange> LIKES = new OutputTag<>("likes") {};
    public static final OutputTag<CommentRow> COMMENTS = new OutputTag<>("comments") {};

    private transient ValueState<PostState> post;
    private transient MapState<String, LikeMark> likers;

    @Override
    public void open(OpenContext openContext) {
        post = getRuntimeContext().getState(new ValueStateDescriptor<>("post", PostState.class));
        likers = getRuntimeContext().getMapState(new MapStateDescriptor<>("likers", String.class, LikeMark.class));
    }

    @Override
    public void processElement(Activity a, Context ctx, Collector<FeedPost> out) throws Exception {
        PostState before = post.value();
        if (before == null) {
            before = PostState.EMPTY;
        }
        PostState after = switch (a.type()) {
            case POST_CREATED -> before.created() ? before : before.create(a);
            case POST_LIKED, POST_UNLIKED -> toggle(a, before, ctx);
            case COMMENT_ADDED -> {
                ctx.output(
                        COMMENTS,
                        new CommentRow(
                                a.commentId(),
                                a.postId(),
                                a.communityId(),
                                a.userId(),
                                a.authorName(),
                                a.text(),
                                a.occurredAt()));
                yield before.plus(0, 1, 0);
            }
            case POST_SHARED -> before.plus(0, 0, 1);
            default -> before;
        };
        if (after != before) {
            post.update(after);
            if (after.created()) {
                out.collect(after.toFeedPost(ctx.getCurrentKey()));
            }
        }
    }

    private PostState toggle(Activity a, PostState state, Context ctx) throws Exception {
        boolean like = a.type() == EventType.POST_LIKED;
        LikeMark mark = likers.get(a.userId());
        if (mark != null && mark.at() > a.occurredAt()) {
            return state; // an older switch than the one already applied
        }
        boolean liked = mark != null && mark.liked();
        likers.put(a.userId(), new LikeMark(like, a.occurredAt()));
        if (liked == like) {
            return state;
        }
        ctx.output(LIKES, new LikeChange(a.postId(), a.userId(), like, a.occurredAt()));
        return state.plus(like ? 1 : -1, 0, 0);
    }
}
