# The Flink job image: the official Flink 2.0.1 / Java 17 image with the shaded job jar in usrlib/, where the
# FlinkDeployment's jarURI (local:///opt/flink/usrlib/streamer-flink-job.jar) points. linux/amd64 only: the job carries
# the linux-x86_64 natives of ONNX Runtime and the tokenizers (the FlinkDeployment pins its pods to amd64 nodes too).
# Build from the repository root after `mvn -B -pl flink-job -am package -DskipTests`, VERSION being the project's:
#   docker build -f k8s/docker/flink-job.Dockerfile --build-arg VERSION=$VERSION -t streamer/flink-job:$TAG .
FROM --platform=linux/amd64 flink:2.0.1-java17

# the Maven project version (root pom.xml): names the jar the build produced
ARG VERSION

# The emotion model (models/inference) is inside the jar and needs no cache folder or environment.
RUN mkdir -p /opt/flink/usrlib \
 && chown -R flink:flink /opt/flink/usrlib

COPY --chown=flink:flink flink-job/target/streamer-flink-job-${VERSION}.jar /opt/flink/usrlib/streamer-flink-job.jar

USER flink
