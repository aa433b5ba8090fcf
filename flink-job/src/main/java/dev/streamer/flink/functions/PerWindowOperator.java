package dev.streamer.flink.functions;

import dev.streamer.contract.WindowResult;
import dev.streamer.flink.records.WindowAcc;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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

import java.time.Duration;

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

    PerWindowOperator(String timerName, Duration size, Duration outOfOrderness, Duration allowedLateness,
                      Duration retention) {
        this.timerName = timerName;
        this.times = new WindowTimes(size, outOfOrderness, allowedLateness, retention);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        super.open();
        windows = (InternalValueState<String, Long, WindowAcc>) perWindow(new ValueStateDescriptor<>("window", WindowAcc.class));
        users = (InternalMapState<String, Long, String, Boolean>) perWindow(
                new MapStateDescriptor<>("users", Types.STRING, Types.BOOLEAN));
        timers = getInternalTimerService(timerName, LongSerializer.INSTANCE, this);
    }

    /** Keyed state whose namespace is a window's start: set it with {@code setCurrentNamespace} before each use. */
    <S extends State> S perWindow(StateDescriptor<S, ?> descriptor) throws Exception {
        return getOrCreateKeyedState(LongSerializer.INSTANCE, descriptor);
    }

    /** A new window's state, with the timers of its first result and of the end of its retention. */
    WindowAcc newWindow(long start) {
        timers.registerEventTimeTimer(start, times.lastMs(start));
        timers.registerEventTimeTimer(start, times.retainedUntil(start));
        return new WindowAcc(start);
    }

    /** Emits {@code acc} as the current key's result, stamped with the window's last millisecond. */
    WindowResult emit(WindowAcc acc) {
        WindowResult result = acc.toResult((String) getCurrentKey(), times.size);
        output.collect(new StreamRecord<>(result, times.lastMs(acc.windowStart)));
        return result;
    }

    /** Drops the window's counts and users. */
    void dropWindow(long start) {
        windows.setCurrentNamespace(start);
        windows.clear();
        users.setCurrentNamespace(start);
        users.clear();
    }

    @Override
    public void onProcessingTime(InternalTimer<String, Long> timer) {
        // no processing-time timers
    }
}
