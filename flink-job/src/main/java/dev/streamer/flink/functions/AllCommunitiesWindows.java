package dev.streamer.flink.functions;

import dev.streamer.contract.Emotion;
import dev.streamer.contract.WindowResult;
import dev.streamer.flink.records.CommunityWindowPart;
import dev.streamer.flink.records.WindowAcc;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The all-communities windows, built from the per-community results of {@link WindowAnalytics} (its
 * {@link WindowAnalytics#PARTS}) rather than from every event: counts are the sums of the communities' latest
 * results, active users the union of the users they report.
 *
 * <ul>
 *   <li>Revision 0 is emitted when the watermark passes the window's end. Every community's revision 0 has arrived
 *       by then: an upstream subtask emits its results before it forwards the watermark that fired them.</li>
 *   <li>A community result that arrives after that (a late event applied or counted there) re-emits the window with
 *       the next revision, flagged as an update: one late event, one update, as in a community.</li>
 *   <li>A community's first result that arrives after the window fired with no other community in it is a late
 *       first result (revision 0, not an update), as in a community.</li>
 *   <li>An event too late for a window its community never had is a late event of this row if this row has the
 *       window, else only the {@code eventsDroppedTooLate} metric.</li>
 * </ul>
 * The key is the all-communities id; one subtask holds it, but it only sees a few records per window.
 */
public final class AllCommunitiesWindows extends KeyedProcessFunction<String, CommunityWindowPart, WindowResult> {

    private static final long serialVersionUID = 1L;

    private final WindowTimes times;

    private transient MapState<Long, WindowAcc> windows;
    /** The latest result of each community's window, by {@link WindowResult#key()}: what the sums hold now. */
    private transient MapState<String, WindowResult> parts;
    /** "<start>:<userId>" for the distinct users of each window until its allowed lateness is over. */
    private transient MapState<String, Boolean> users;
    private transient Counter droppedTooLate;

    public AllCommunitiesWindows(Duration size, Duration allowedLateness, Duration retention) {
        this.times = new WindowTimes(size, allowedLateness, retention);
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>("windows", Long.class, WindowAcc.class));
        parts = getRuntimeContext().getMapState(new MapStateDescriptor<>("parts", String.class, WindowResult.class));
        users = getRuntimeContext().getMapState(new MapStateDescriptor<>("users", Types.STRING, Types.BOOLEAN));
        droppedTooLate = getRuntimeContext().getMetricGroup().counter("eventsDroppedTooLate");
    }

    @Override
    public void processElement(CommunityWindowPart part, Context ctx, Collector<WindowResult> out) throws Exception {
        WindowResult result = part.result();
        long start = part.windowStart();
        long lastMs = times.lastMs(start);
        WindowAcc acc = windows.get(start);
        if (result == null) {
            // too late for a window its community never had: a late event of this row, if it has the window
            if (acc == null) {
                droppedTooLate.inc();
                return;
            }
            acc.lateEvents++;
            if (acc.fired) {
                acc.revision++;
                out.collect(acc.toResult(ctx.getCurrentKey(), times.size, true));
            }
            windows.put(start, acc);
            return;
        }
        if (acc == null) {
            acc = new WindowAcc(start);
            times.registerTimers(ctx.timerService(), start);
        }
        for (String user : part.newUsers()) {
            String key = start + ":" + user;
            if (!users.contains(key)) {
                users.put(key, Boolean.TRUE);
                acc.activeUsers++;
            }
        }
        WindowResult previous = parts.get(result.key());
        if (previous != null) {
            add(acc, previous, -1);
        }
        add(acc, result, 1);
        parts.put(result.key(), result);

        if (acc.fired) {
            acc.revision++;
            out.collect(acc.toResult(ctx.getCurrentKey(), times.size, true));
        } else if (ctx.timerService().currentWatermark() >= lastMs) {
            acc.fired = true;
            out.collect(acc.toResult(ctx.getCurrentKey(), times.size, false));
        }
        windows.put(start, acc);
    }

    private static void add(WindowAcc acc, WindowResult r, int sign) {
        acc.posts += sign * r.posts();
        acc.likes += sign * r.likes();
        acc.comments += sign * r.comments();
        acc.shares += sign * r.shares();
        acc.lateEvents += sign * r.lateEvents();
        for (Emotion e : Emotion.ALL) {
            acc.emotions[e.ordinal()] += sign * r.emotions().get(e);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowResult> out) throws Exception {
        List<WindowAcc> changed = new ArrayList<>();
        List<Long> expired = new ArrayList<>();
        List<String> closing = new ArrayList<>();
        for (Map.Entry<Long, WindowAcc> entry : windows.entries()) {
            WindowAcc acc = entry.getValue();
            long lastMs = times.lastMs(acc.windowStart);
            if (!acc.fired && timestamp >= lastMs) {
                acc.fired = true;
                out.collect(acc.toResult(ctx.getCurrentKey(), times.size, false));
                changed.add(acc);
            }
            if (!acc.closed && timestamp >= times.closesAt(acc.windowStart)) {
                // no community adds users after its allowed lateness: the set is no longer needed
                acc.closed = true;
                closing.add(acc.windowStart + ":");
                changed.add(acc);
            }
            if (timestamp >= times.expiresAt(acc.windowStart)) {
                expired.add(acc.windowStart);
            }
        }
        for (WindowAcc acc : changed) {
            windows.put(acc.windowStart, acc);
        }
        for (Long start : expired) {
            windows.remove(start);
            String suffix = "@" + start;
            Iterator<String> it = parts.keys().iterator();
            while (it.hasNext()) {
                if (it.next().endsWith(suffix)) {
                    it.remove();
                }
            }
        }
        MapStates.removeKeysStartingWith(users, closing);
        // an emptied map state still holds an entry for the key until it is cleared
        for (MapState<?, ?> state : List.of(windows, parts, users)) {
            if (state.isEmpty()) {
                state.clear();
            }
        }
    }
}
