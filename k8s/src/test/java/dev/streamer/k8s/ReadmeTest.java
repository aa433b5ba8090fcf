package dev.streamer.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** k8s/README.md gives the commands that match these files. */
class ReadmeTest {

    @Test
    void readmeBuildsTheImagesTheManifestsUseAndAppliesTheDevOverlay() {
        String readme = Repo.read("k8s/README.md");
        for (String image : DockerfilesTest.IMAGES) {
            String versionArg =
                    Dockerfiles.all(image, "ARG").contains("VERSION") ? "--build-arg VERSION=$VERSION " : "";
            assertThat(readme)
                    .as("README builds " + image)
                    .contains("docker build -f k8s/docker/" + image + ".Dockerfile " + versionArg + "-t streamer/"
                            + image + ":$TAG .");
        }
        // the tag it builds is the overlays' tag: the project version without -SNAPSHOT
        assertThat(readme)
                .contains(
                        "VERSION=$(mvn -q help:evaluate -Dexpression=project.version -DforceStdout)",
                        "TAG=${VERSION%-SNAPSHOT}");
        assertThat(readme)
                .contains(
                        "kubectl apply -k k8s/overlays/dev",
                        "strimzi-kafka-operator --version 1.0.1",
                        "flink-kubernetes-operator-1.15.0",
                        "upgradeMode: savepoint",
                        "metrics-server",
                        "Rotate secrets",
                        "Restore MySQL from a backup",
                        "not run here");
        // the cluster test the README describes exists and uses what it says
        String e2e = Repo.read("k8s/e2e.sh");
        assertThat(e2e)
                .contains(
                        "kind create cluster",
                        "kind load docker-image",
                        "kubectl apply -k k8s/overlays/dev",
                        "condition=Ready",
                        "RUNNING",
                        "port-forward",
                        "StackExactnessIT");
    }
}
