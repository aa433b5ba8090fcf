package dev.streamer.flink.functions;

import dev.streamer.contract.EventType;
import dev.streamer.flink.emotion.PostClassifier;
import dev.streamer.flink.emotion.PostClassifierFactory;
import dev.streamer.flink.records.Activity;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels every POST_CREATED with the emotion model; other events pass unchanged. The classifier is opened per
 * subtask in {@link #open}. A text the model fails on leaves the post unlabelled (counted), it never fails the job.
 */
public final class ClassifyPosts extends RichMapFunction<Activity, Activity> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyPosts.class);

    private final PostClassifierFactory factory;
    private transient PostClassifier classifier;
    private transient Counter classified;
    private transient Counter failed;

    public ClassifyPosts(PostClassifierFactory factory) {
        this.factory = factory;
    }

    @Override
    public void open(OpenContext openContext) {
        long start = System.nanoTime();
        classifier = factory.open();
        LOG.info("opened {} in {} ms", factory.describe(), (System.nanoTime() - start) / 1_000_000);
        classified = getRuntimeContext().getMetricGroup().counter("postsClassified");
        failed = getRuntimeContext().getMetricGroup().counter("postsNotClassified");
    }

    @Override
    public Activity map(Activity a) {
        if (a.type() != EventType.POST_CREATED) {
            return a;
        }
        try {
            PostClassifier.Classification c = classifier.classify(a.text());
            classified.inc();
            return a.withEmotion(c.label(), c.scores());
        } catch (RuntimeException e) {
            failed.inc();
            LOG.warn("could not classify post {}: {}", a.postId(), e.toString());
            return a;
        }
    }

    @Override
    public void close() {
        if (classifier != null) {
            classifier.close();
            classifier = null;
        }
    }
}
