package dev.streamer.k8s;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** k8s/README.md gives the commands that match these files. */
class ReadmeTest {

    @Test
    void readmeBuildsTheImagesTheManifestsUseAndAppliesTheDevOverlay() {
        String readme = Repo.read("k8s/README.md");
        for (String image : DockerfilesTest.IMAGES) {
            assertThat(readme).as("README builds " + image)
                    .contains("docker build -f k8s/docker/" + image + ".Dockerfile -t streamer/" + image + ":"
                            + Poms.releaseVersion() + " .");
        }
        assertThat(readme).contains("kubectl apply -k k8s/overlays/dev", "strimzi", "flink-kubernetes-operator",
                "kubectl create secret generic streamer-jwt", "jwt-private.pem", "jwt-public.pem", "upgradeMode",
                "savepoint");
    }
}
