package dev.streamer.flink.functions;

import dev.streamer.contract.WindowResult;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.Session;
import dev.streamer.flink.records.WindowAcc;
import java.time.Duration;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.state.internal.InternalMapState;
import org.apache.flink.runtime.state.internal.InternalValueState;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * What both window operators share: keyed state per window (the namespace is the window's start, as in Flink's own
 * window operator), so that a window's counts and distinct users are one entry each, dropped as a whole; and
 * event-time timers per window, for its first result and for the end of its retention.
 */
abstract class PerWindowOperator<IN> extends AbstractStreamOperator<WindowResult>
        implements OneInputStreamOperator<IN, WindowResult>, Triggerable<String, Long> {

    private static final long serialVersionUID = 1L;

    final WindowTimes times;
    private final String timerName;

    transient InternalValueState<String, Long, WindowAcc> windows;
    transient InternalMapState<String, Long, String, Boolean> users;
    transient InternalTimerService<Long> timers;
    transient SignedInSessions sessions;
    /**
     * The start of this key's latest fired window. A late sign-in/out re-emits every fired window it changes; which ones
     * have fired cannot be read off the watermark, which a restored operator does not know until the next one arrives.
     */
    private transient ValueState<Long> lastFired;

    PerWindowOperator(
            String timerName, Duration size, Duration outOfOrderness, Duration allowedLateness, Duration retention) {
        this.timerName = timerName;
        this.times = new WindowTimes(size, outOfOrderness, allowedLateness, retention);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        super.open();
        windows = (InternalValueState<String, Long, WindowAcc>)
                perWindow(new ValueStateDescriptor<>("window", WindowAcc.class));
        users = (InternalMapState<String, Long, String, Boolean>)
                perWindow(new MapStateDescriptor<>("users", Types.STRING, Types.BOOLEAN));
        timers = getInternalTimerService(timerName, LongSerializer.INSTANCE, this);
        sessions = new SignedInSessions(
                getPartitionedState(
                        new MapStateDescriptor<>("sessions", Types.STRING, TypeInformation.of(Session[].class))),
                getPartitionedState(new MapStateDescriptor<>(
                        "session-crossings", Types.TUPLE(Types.LONG, Types.LONG), Types.LONG)));
        lastFired = getPartitionedState(new ValueStateDescriptor<>("last-fired", Types.LONG));
    }

    /** Keyed state whose namespace is a window's start: set it with {@code setCurrentNamespace} before each use. */
    <S extends State> S perWindow(StateDescriptor<S, ?> descriptor) throws Exception {
        return getOrCreateKeyedState(LongSerializer.INSTANCE, descriptor);
    }

    /**
     * A new window's state, with the timers of its first result and of the end of its retention. Its revision starts
     * with the sign-ins/outs of earlier windows applied so far that were written in or after it.
     */
    WindowAcc newWindow(long start) throws Exception {
        timers.registerEventTimeTimer(start, times.lastMs(start));
        timers.registerEventTimeTimer(start, times.retainedUntil(start));
        WindowAcc acc = new WindowAcc(start);
        acc.revision = (int) sessions.crossingsInto(start);
        return acc;
    }

    /** Marks the window fired (its first result is due) and takes the signed-in gauge at its end. */
    void fire(WindowAcc acc) throws Exception {
        acc.fired = true;
        acc.signedIn = sessions.countAt(times.end(acc.windowStart));
        Long last = lastFired.value();
        if (last == null || last < acc.windowStart) {
            lastFired.update(acc.windowStart);
        }
    }

    /**
     * Applies a sign-in/out that {@link SignedInSessions#counts} to the gauge, and to every window of this key it
     * changes: one it was written in or after (it occurred before) gets a revision more; a fired one whose gauge changed
     * gets it and is emitted again. {@code acc} is the window of {@code a} itself if the caller holds it (its own
     * result is the caller's to emit), else null. Leaves the windows' namespace at {@code a}'s window.
     */
    void applySession(Activity a, WindowAcc acc) throws Exception {
        long own = times.startOf(a.occurredAt());
        long written = times.startOf(Math.max(a.writtenAt(), a.occurredAt()));
        SignedInSessions.Change change = sessions.apply(a, own, written);
        if (acc != null && acc.fired) {
            acc.signedIn += change.delta(times.end(own));
        }
        long last = written;
        long from = own;
        Long fired = lastFired.value();
        if (fired != null) {
            last = Math.max(last, fired);
            // a window is dropped once the watermark passes its start + keptSpan, and it has passed the fired one's end
            from = Math.max(from, fired - times.keptSpan());
        }
        // crossings span at most the de-duplication horizon, fired windows kept at most the retention: a bounded walk
        for (long start = Math.max(from, acc != null ? own + times.size : own); start <= last; start += times.size) {
            windows.setCurrentNamespace(start);
            WindowAcc w = windows.value();
            if (w == null) {
                continue;
            }
            boolean crossing = start > own && start <= written;
            int delta = w.fired ? change.delta(times.end(start)) : 0;
            if (!crossing && delta == 0) {
                continue;
            }
            if (crossing) {
                w.revision++;
            }
            w.signedIn += delta;
            windows.update(w);
            if (w.fired) {
                emitAgain(w);
            }
        }
        windows.setCurrentNamespace(own);
    }

    /** Emits a fired window again after a sign-in/out of an earlier window changed it. */
    void emitAgain(WindowAcc acc) throws Exception {
        emit(acc);
    }

    /** Emits {@code acc} as the current key's result, stamped with the window's last millisecond. */
    WindowResult emit(WindowAcc acc) throws Exception {
        WindowResult result = acc.toResult((String) getCurrentKey(), times.size);
        output.collect(new StreamRecord<>(result, times.lastMs(acc.windowStart)));
        return result;
    }

    /** Drops the window's counts and users, and the sessions and crossings no kept window can need any more. */
    void dropWindow(long start) throws Exception {
        windows.setCurrentNamespace(start);
        windows.clear();
        users.setCurrentNamespace(start);
        users.clear();
        sessions.forgetUntil(start, times);
        Long last = lastFired.value();
        if (last != null && last <= start) {
            lastFired.clear(); // no fired window of this key is kept any more
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, Long> timer) {
        // no processing-time timers
    }
}
