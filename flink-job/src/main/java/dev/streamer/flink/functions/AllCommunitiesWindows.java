package dev.streamer.flink.functions;

import dev.streamer.contract.Emotion;
import dev.streamer.contract.WindowResult;
import dev.streamer.flink.records.CommunityWindowPart;
import dev.streamer.flink.records.WindowAcc;
import java.time.Duration;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.internal.InternalMapState;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The all-communities windows, built from the per-community results of {@link CommunityWindows} (its
 * {@link CommunityWindows#PARTS}) rather than from every event: counts (late events included) are the sums of the
 * communities' latest results, active users the union of the users they report, and the revision the sum of their
 * revisions, so it grows with the content as a community's does, and the last result of any run is the same.
 *
 * <ul>
 *   <li>The first result is emitted when the watermark passes the window's end. Every community's first result has
 *       arrived by then: an upstream subtask emits the results a watermark fires before it forwards it.</li>
 *   <li>Each community result that arrives after that re-emits the window.</li>
 * </ul>
 * Per window (namespaced state, as in {@link CommunityWindows}): the sums, the latest result of each community and
 * the distinct users, dropped together when the watermark passes the window's retention. The signed-in gauge is its
 * own: the communities forward every sign-in/out they apply, and a user counts once however many communities they are
 * signed in to; the revision also counts the sign-ins/outs of earlier windows written in or after the window. The key is the
 * all-communities id; one subtask holds it, but it only sees a few records per window.
 */
public final class AllCommunitiesWindows extends PerWindowOperator<CommunityWindowPart> {

    private static final long serialVersionUID = 1L;

    /** Community id → its latest result in the window. */
    private transient InternalMapState<String, Long, String, WindowResult> parts;

    private transient Counter droppedTooLate;

    public AllCommunitiesWindows(Duration size, Duration outOfOrderness, Duration allowedLateness, Duration retention) {
        super("all-communities-windows", size, outOfOrderness, allowedLateness, retention);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        super.open();
        parts = (InternalMapState<String, Long, String, WindowResult>)
                perWindow(new MapStateDescriptor<>("parts", String.class, WindowResult.class));
        droppedTooLate = getMetricGroup().counter("eventsDroppedTooLate");
    }

    @Override
    public void processElement(StreamRecord<CommunityWindowPart> element) throws Exception {
        if (element.getValue().session() != null) {
            // the all-communities gauge: users with a session open in any community
            applySession(element.getValue().session(), null);
            return;
        }
        WindowResult result = element.getValue().result();
        long start = result.windowStart();
        windows.setCurrentNamespace(start);
        parts.setCurrentNamespace(start);
        users.setCurrentNamespace(start);
        WindowAcc acc = windows.value();
        long watermark = timers.currentWatermark();
        if (acc == null) {
            if (watermark >= times.retainedUntil(start)) {
                droppedTooLate.inc(); // a community result after the window's retention here (not expected)
                return;
            }
            acc = newWindow(start);
        }
        WindowResult previous = parts.get(result.communityId());
        if (previous != null && previous.revision() >= result.revision()) {
            return; // nothing newer than what the sums hold
        }
        for (String user : element.getValue().newUsers()) {
            if (!users.contains(user)) {
                users.put(user, Boolean.TRUE);
                acc.activeUsers++;
            }
        }
        if (previous != null) {
            add(acc, previous, -1);
        }
        add(acc, result, 1);
        parts.put(result.communityId(), result);

        boolean firstResult = !acc.fired && watermark >= times.lastMs(start);
        if (firstResult) {
            fire(acc);
        }
        windows.update(acc);
        if (acc.fired) {
            emit(acc);
        }
    }

    private static void add(WindowAcc acc, WindowResult r, int sign) {
        acc.posts += sign * r.posts();
        acc.likes += sign * r.likes();
        acc.comments += sign * r.comments();
        acc.shares += sign * r.shares();
        acc.lateEvents += sign * r.lateEvents();
        acc.revision += sign * r.revision();
        for (Emotion e : Emotion.ALL) {
            acc.emotions[e.ordinal()] += sign * r.emotions().get(e);
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, Long> timer) throws Exception {
        long start = timer.getNamespace();
        long time = timer.getTimestamp();
        windows.setCurrentNamespace(start);
        if (time == times.lastMs(start)) {
            WindowAcc acc = windows.value();
            if (acc != null && !acc.fired) {
                fire(acc);
                windows.update(acc);
                emit(acc);
            }
        }
        if (time == times.retainedUntil(start)) {
            dropWindow(start);
            parts.setCurrentNamespace(start);
            parts.clear();
        }
    }
}
