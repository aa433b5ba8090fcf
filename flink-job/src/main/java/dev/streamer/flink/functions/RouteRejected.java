package dev.streamer.flink.functions;

import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.Incoming;
import dev.streamer.flink.records.Rejected;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Valid activity goes on; rejected records go to the {@link #REJECTED} side output and the {@code dlqRecords} counter. */
public final class RouteRejected extends ProcessFunction<Incoming, Activity> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RouteRejected.class);

    public static final OutputTag<Rejected> REJECTED = new OutputTag<>("rejected") {};

    private transient Counter dlqRecords;

    @Override
    public void open(OpenContext openContext) {
        dlqRecords = getRuntimeContext().getMetricGroup().counter("dlqRecords");
    }

    @Override
    public void processElement(Incoming in, Context ctx, Collector<Activity> out) {
        if (in.activity() != null) {
            out.collect(in.activity());
        } else {
            Rejected r = in.rejected();
            dlqRecords.inc();
            if (LOG.isDebugEnabled()) {
                LOG.debug("rejected {}-{}@{}: {} {}", r.topic(), r.partition(), r.offset(), r.reason(), r.detail());
            }
            ctx.output(REJECTED, r);
        }
    }
}
