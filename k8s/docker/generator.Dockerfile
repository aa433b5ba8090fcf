# generator: the crowd simulator (picocli), its jar and runtime dependencies, as a non-root user.
# Build from the repository root, VERSION being the project's (root pom.xml):
#   mvn -B -pl generator -am package -DskipTests
#   mvn -B -pl generator dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib
#   docker build -f k8s/docker/generator.Dockerfile --build-arg VERSION=$VERSION -t streamer/generator:$TAG .
FROM eclipse-temurin:17.0.16_8-jre

# the Maven project version: names the jar the build produced
ARG VERSION

RUN groupadd --system --gid 10001 streamer \
 && useradd --system --uid 10001 --gid streamer --home-dir /app --shell /usr/sbin/nologin streamer

WORKDIR /app
COPY --chown=10001:10001 generator/target/lib/ /app/lib/
COPY --chown=10001:10001 generator/target/streamer-generator-${VERSION}.jar /app/lib/

USER 10001:10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=70", "-Djava.io.tmpdir=/tmp", "-cp", "/app/lib/*", "dev.streamer.generator.GeneratorCli"]
CMD ["demo"]
