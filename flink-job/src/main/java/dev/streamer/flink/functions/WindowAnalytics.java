package dev.streamer.flink.functions;

import dev.streamer.contract.WindowResult;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.CommunityWindowPart;
import dev.streamer.flink.records.WindowAcc;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tumbling event-time windows of one community (the key; {@code all} for the all-communities stream): distinct
 * active users, posts, likes, comments, shares, emotion counts and late events.
 *
 * <ul>
 *   <li>When the watermark passes the window's end the first result is emitted: revision 0, not an update.</li>
 *   <li>An event that arrives after that, within the allowed lateness, is applied and counted as late; the window is
 *       re-emitted with the next revision, flagged as an update.</li>
 *   <li>An event that arrives later still is counted as late only (its window is re-emitted with the next
 *       revision and unchanged counts) as long as the window's summary is retained ({@code retention} after the
 *       allowed lateness); after that, or if the community never had that window, it is counted in the
 *       {@code eventsDroppedTooLate} metric (and passed on for the all-communities row).</li>
 *   <li>An event id already counted in the window changes nothing.</li>
 * </ul>
 * Every result also goes to the {@link #PARTS} side output with the users it added, for
 * {@link AllCommunitiesWindows}: the all-communities windows are built from these per-community results instead of
 * from every event again, so that no single subtask has to see the whole stream.
 *
 * This is a process function rather than Flink's window operator because the operator drops a too-late event
 * without a trace and cannot re-emit a purged window with a late count.
 */
public final class WindowAnalytics extends KeyedProcessFunction<String, Activity, WindowResult> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<CommunityWindowPart> PARTS = new OutputTag<>("community-window-parts") { };
    private static final String[] NO_USERS = {};

    private final WindowTimes times;

    private transient MapState<Long, WindowAcc> windows;
    /** "u<start>:<userId>" for the distinct users and "e<start>:<eventId>" for the counted events of open windows. */
    private transient MapState<String, Boolean> members;
    private transient Counter lateApplied;
    private transient Counter lateCounted;
    private transient Counter droppedTooLate;
    private transient Counter duplicates;

    public WindowAnalytics(Duration size, Duration allowedLateness, Duration retention) {
        this.times = new WindowTimes(size, allowedLateness, retention);
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>("windows", Long.class, WindowAcc.class));
        members = getRuntimeContext().getMapState(new MapStateDescriptor<>("members", String.class, Boolean.class));
        var metrics = getRuntimeContext().getMetricGroup();
        lateApplied = metrics.counter("lateEventsApplied");
        lateCounted = metrics.counter("lateEventsCountedOnly");
        droppedTooLate = metrics.counter("eventsDroppedTooLate");
        duplicates = metrics.counter("windowDuplicates");
    }

    @Override
    public void processElement(Activity a, Context ctx, Collector<WindowResult> out) throws Exception {
        long start = times.startOf(a.occurredAt());
        long lastMs = times.lastMs(start);
        long watermark = ctx.timerService().currentWatermark();
        WindowAcc acc = windows.get(start);
        String community = ctx.getCurrentKey();

        if (acc == null) {
            if (watermark >= times.closesAt(start)) {
                droppedTooLate.inc();
                // no row here to count it in, but the all-communities row may have one
                ctx.output(PARTS, CommunityWindowPart.tooLate(community, start));
                return;
            }
            acc = new WindowAcc(start);
            times.registerTimers(ctx.timerService(), start);
            apply(acc, a);
            if (watermark >= lastMs) {
                // the window's time has passed but it never had an event of this key: a late first result
                acc.lateEvents++;
                lateApplied.inc();
                acc.fired = true;
                emit(acc.toResult(community, times.size, false), new String[] {a.userId()}, ctx, out);
            }
            windows.put(start, acc);
            return;
        }

        String eventKey = (acc.closed ? "l" : "e") + start + ":" + a.eventId();
        if (members.contains(eventKey)) {
            duplicates.inc();
            return;
        }
        if (acc.closed) {
            members.put(eventKey, Boolean.TRUE);
            acc.lateEvents++;
            acc.revision++;
            lateCounted.inc();
            windows.put(start, acc);
            emit(acc.toResult(community, times.size, true), NO_USERS, ctx, out);
            return;
        }
        boolean newUser = apply(acc, a);
        if (acc.fired) {
            acc.lateEvents++;
            acc.revision++;
            lateApplied.inc();
            emit(acc.toResult(community, times.size, true), newUser ? new String[] {a.userId()} : NO_USERS, ctx, out);
        }
        windows.put(start, acc);
    }

    private static void emit(WindowResult result, String[] newUsers, Context ctx, Collector<WindowResult> out) {
        out.collect(result);
        ctx.output(PARTS, CommunityWindowPart.of(result, newUsers));
    }

    /** Counts {@code a} in {@code acc}; true if its user is new in the window. */
    private boolean apply(WindowAcc acc, Activity a) throws Exception {
        members.put("e" + acc.windowStart + ":" + a.eventId(), Boolean.TRUE);
        String userKey = "u" + acc.windowStart + ":" + a.userId();
        boolean newUser = !members.contains(userKey);
        if (newUser) {
            members.put(userKey, Boolean.TRUE);
            acc.activeUsers++;
        }
        switch (a.type()) {
            case POST_CREATED -> {
                acc.posts++;
                if (a.emotion() != null) {
                    acc.emotions[a.emotion().ordinal()]++;
                }
            }
            case POST_LIKED -> acc.likes++;
            case COMMENT_ADDED -> acc.comments++;
            case POST_SHARED -> acc.shares++;
            default -> {
                // sign-ins, sign-outs and unlikes only count as activity of their user
            }
        }
        return newUser;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowResult> out) throws Exception {
        List<Long> expired = new ArrayList<>();
        List<WindowAcc> changedAccs = new ArrayList<>();
        List<WindowAcc> firing = new ArrayList<>();
        List<String> closing = new ArrayList<>();
        for (Map.Entry<Long, WindowAcc> entry : windows.entries()) {
            WindowAcc acc = entry.getValue();
            long lastMs = times.lastMs(acc.windowStart);
            boolean changed = false;
            if (!acc.fired && timestamp >= lastMs) {
                acc.fired = true;
                changed = true;
                firing.add(acc);
            }
            if (!acc.closed && timestamp >= times.closesAt(acc.windowStart)) {
                acc.closed = true;
                changed = true;
                closing.add("u" + acc.windowStart + ":");
                closing.add("e" + acc.windowStart + ":");
            }
            if (timestamp >= times.expiresAt(acc.windowStart)) {
                expired.add(entry.getKey());
                closing.add("l" + acc.windowStart + ":");
            } else if (changed) {
                changedAccs.add(acc);
            }
        }
        if (!firing.isEmpty()) {
            Map<Long, List<String>> users = usersOf(firing);
            for (WindowAcc acc : firing) {
                emit(acc.toResult(ctx.getCurrentKey(), times.size, false),
                        users.getOrDefault(acc.windowStart, List.of()).toArray(NO_USERS), ctx, out);
            }
        }
        for (WindowAcc acc : changedAccs) {
            windows.put(acc.windowStart, acc);
        }
        for (Long start : expired) {
            windows.remove(start);
        }
        MapStates.removeKeysStartingWith(members, closing);
        if (windows.isEmpty()) {
            windows.clear(); // an emptied map state keeps an entry per key until it is cleared
            members.clear();
        }
    }

    /** The distinct users of the given windows, by window start. */
    private Map<Long, List<String>> usersOf(List<WindowAcc> accs) throws Exception {
        Map<String, Long> prefixes = new HashMap<>();
        for (WindowAcc acc : accs) {
            prefixes.put("u" + acc.windowStart + ":", acc.windowStart);
        }
        Map<Long, List<String>> users = new HashMap<>();
        for (String key : members.keys()) {
            if (key.charAt(0) != 'u') {
                continue;
            }
            int colon = key.indexOf(':');
            Long start = prefixes.get(key.substring(0, colon + 1));
            if (start != null) {
                users.computeIfAbsent(start, s -> new ArrayList<>()).add(key.substring(colon + 1));
            }
        }
        return users;
    }
}
