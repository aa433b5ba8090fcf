# live-push: the Quarkus fast-jar (target/quarkus-app/) on a Java 17 JRE, as a non-root user.
# Build from the repository root after `mvn -B -pl live-push -am package -DskipTests`:
#   docker build -f k8s/docker/live-push.Dockerfile -t streamer/live-push:$TAG .
FROM eclipse-temurin:17.0.16_8-jre

RUN groupadd --system --gid 10001 streamer \
 && useradd --system --uid 10001 --gid streamer --home-dir /deployments --shell /usr/sbin/nologin streamer

WORKDIR /deployments
# one layer per part of the fast-jar, least often changed first
COPY --chown=10001:10001 live-push/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=10001:10001 live-push/target/quarkus-app/quarkus-run.jar /deployments/
COPY --chown=10001:10001 live-push/target/quarkus-app/app/ /deployments/app/
COPY --chown=10001:10001 live-push/target/quarkus-app/quarkus/ /deployments/quarkus/

USER 10001:10001
EXPOSE 8090
# The heap follows the container's memory limit; /tmp is the only writable path (an emptyDir in k8s).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "/deployments/quarkus-run.jar"]
