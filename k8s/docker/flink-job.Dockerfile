# The Flink job image: the official Flink 2.0.1 / Java 17 image with the shaded job jar in usrlib/, where the
# FlinkDeployment's jarURI (local:///opt/flink/usrlib/streamer-flink-job.jar) points.
# Build from the repository root after `mvn -B -pl flink-job -am package -DskipTests`:
#   docker build -f k8s/docker/flink-job.Dockerfile -t streamer/flink-job:0.1.0 .
FROM flink:2.0.1-java17

# The emotion model (models/inference) is inside the jar and needs no cache folder or environment.
RUN mkdir -p /opt/flink/usrlib \
 && chown -R flink:flink /opt/flink/usrlib

COPY --chown=flink:flink flink-job/target/streamer-flink-job-0.1.0-SNAPSHOT.jar /opt/flink/usrlib/streamer-flink-job.jar

USER flink
