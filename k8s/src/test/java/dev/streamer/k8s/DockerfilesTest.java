package dev.streamer.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The container build files against the modules' build output, and the manifests against the images. */
class DockerfilesTest {

    static final List<String> IMAGES = List.of("edge-api", "live-push", "generator", "flink-job");

    @Test
    void everyStreamerImageInTheManifestsHasABuildFileAndTheProjectVersionAsTag() {
        for (String overlay : List.of("dev", "prod")) {
            Manifests m = Manifests.overlay(overlay);
            List<String> images = new java.util.ArrayList<>();
            m.resources.forEach(r -> Manifests.podContainers(r).forEach(c -> {
                if (c.get("image") != null) {
                    images.add((String) c.get("image"));
                }
            }));
            m.all("FlinkDeployment").forEach(f -> images.add(Yaml2.str(f, "spec.image")));
            for (String image : images) {
                Matcher own = Pattern.compile("(?:.*/)?streamer/([a-z-]+)").matcher(Images.name(image));
                if (own.matches()) {
                    assertThat(IMAGES).as(overlay + ": build file for " + image).contains(own.group(1));
                    assertThat(Images.tag(image)).as(overlay + ": " + image).isEqualTo(Poms.releaseVersion());
                }
            }
            assertThat(images.stream().filter(i -> i.contains("streamer/"))).hasSize(4);
        }
    }

    @Test
    void baseImagesArePinnedAndUsersAreNotRoot() {
        for (String image : IMAGES) {
            String from = Dockerfiles.from(image);
            assertThat(Images.tag(from))
                    .as(image + " FROM " + from)
                    .isNotBlank()
                    .isNotEqualTo("latest");
            String user = Dockerfiles.user(image);
            assertThat(user).as(image + " USER").isNotNull().isNotIn("root", "0", "0:0");
        }
        for (String image : List.of("edge-api", "live-push", "generator")) {
            assertThat(Dockerfiles.from(image)).matches("eclipse-temurin:17[.0-9_]*-jre");
        }
    }

    @Test
    void quarkusImagesCopyTheFastJarAndRunAsThePodsUser() {
        Manifests m = Manifests.overlay("dev");
        for (String name : List.of("edge-api", "live-push")) {
            ServiceConfig config = ServiceConfig.quarkus(name);
            String packaging = config.properties.getOrDefault("quarkus.package.jar.type", "fast-jar");
            assertThat(packaging).as(name + " packages a fast-jar").isEqualTo("fast-jar");
            List<String> sources = Dockerfiles.copySources(name);
            for (String part : List.of("lib/", "quarkus-run.jar", "app/", "quarkus/")) {
                assertThat(sources).as(name + " copies " + part).contains(name + "/target/quarkus-app/" + part);
            }
            List<String> run = Dockerfiles.entrypoint(name);
            String jar = run.get(run.indexOf("-jar") + 1);
            assertThat(Dockerfiles.copyDestinations(name).stream()
                            .anyMatch(d -> jar.equals(d) || jar.equals(d + "quarkus-run.jar")))
                    .as(name + " runs the jar it copied: " + jar)
                    .isTrue();
            assertThat(run).contains("-Djava.io.tmpdir=/tmp");

            String uid = Dockerfiles.user(name).split(":")[0];
            Map<String, Object> pod = Manifests.podSpec(m.get("Deployment", name));
            assertThat(String.valueOf(Yaml2.path(pod, "securityContext.runAsUser")))
                    .as(name + " runAsUser = image USER")
                    .isEqualTo(uid);
            int port = Integer.parseInt(config.resolve("quarkus.http.port", Map.of()));
            assertThat(Dockerfiles.all(name, "EXPOSE"))
                    .as(name + " EXPOSE its default port")
                    .containsExactly(String.valueOf(port));
        }
    }

    @Test
    void noBuildFileHardCodesTheProjectVersion() {
        for (String image : IMAGES) {
            assertThat(Dockerfiles.text(image)).as(image + ".Dockerfile").doesNotContain(projectVersion());
            assertThat(Repo.read("k8s/docker/" + image + ".Dockerfile.dockerignore"))
                    .as(image + " .dockerignore")
                    .doesNotContain(projectVersion());
        }
        for (String image : List.of("flink-job", "generator")) {
            assertThat(Dockerfiles.all(image, "ARG"))
                    .as(image + " takes the version as a build argument")
                    .contains("VERSION");
        }
    }

    @Test
    void flinkImageIsAmd64LikeTheNativesItCarriesAndItsPods() {
        assertThat(Dockerfiles.platform("flink-job")).isEqualTo("linux/amd64");
        for (String overlay : List.of("dev", "prod")) {
            Map<String, Object> f = Manifests.overlay(overlay).get("FlinkDeployment", "streamer-job");
            assertThat(Yaml2.path(Manifests.podSpec(f), "nodeSelector"))
                    .as(overlay + " Flink pods on amd64 nodes")
                    .isEqualTo(Map.of("kubernetes.io/arch", "amd64"));
        }
    }

    @Test
    void flinkImageCarriesTheShadedJar() {
        String artifact = artifactId("flink-job");
        String jar = "flink-job/target/" + artifact + "-${VERSION}.jar";
        assertThat(Dockerfiles.copySources("flink-job")).containsExactly(jar);
        assertThat(Repo.read("flink-job/pom.xml")).as("the job jar is shaded").contains("maven-shade-plugin");
        ServiceConfig reader = ServiceConfig.java("flink-job", "models/inference");
        for (String env : Dockerfiles.all("flink-job", "ENV")) {
            for (String assignment : env.split("\\s+")) {
                String var = assignment.split("=")[0];
                assertThat(reader.reads(var))
                        .as("flink-job image sets " + var + ", which the job/models read")
                        .isTrue();
            }
        }
    }

    @Test
    void generatorImageCarriesItsJarAndDependencies() {
        String jar = "generator/target/" + artifactId("generator") + "-${VERSION}.jar";
        assertThat(Dockerfiles.copySources("generator")).contains(jar, "generator/target/lib/");
        assertThat(Dockerfiles.entrypoint("generator")).contains(dev.streamer.generator.GeneratorCli.class.getName());
    }

    static String artifactId(String module) {
        Matcher m = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>")
                .matcher(Repo.read(module + "/pom.xml"));
        assertThat(m.find()).as(module + " artifactId").isTrue();
        return m.group(1);
    }

    static String projectVersion() {
        return Poms.releaseVersion() + "-SNAPSHOT";
    }
}
