package dev.streamer.flink.functions;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Test hook ({@code --fail-after N}): the first attempt of each subtask throws once it has passed {@code N} records
 * and at least one checkpoint has completed, so that the job must restore from that checkpoint. Later attempts pass
 * everything through.
 */
public final class FailureInjector<T> extends RichMapFunction<T, T> implements CheckpointListener {

    private static final long serialVersionUID = 1L;

    private final long failAfter;
    private transient long seen;
    private transient long checkpointsCompleted;
    private transient boolean armed;

    public FailureInjector(long failAfter) {
        this.failAfter = failAfter;
    }

    @Override
    public void open(OpenContext openContext) {
        armed = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
    }

    @Override
    public T map(T value) {
        seen++;
        if (armed && seen > failAfter && checkpointsCompleted > 0) {
            throw new InjectedFailure(
                    "injected failure after " + (seen - 1) + " records and " + checkpointsCompleted + " checkpoints");
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointsCompleted++;
    }

    /** The exception of an injected failure, so logs and tests can tell it from a real one. */
    public static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InjectedFailure(String message) {
            super(message);
        }
    }
}
