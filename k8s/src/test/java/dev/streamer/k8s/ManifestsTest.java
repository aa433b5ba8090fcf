package dev.streamer.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both overlays, rendered, against the code: images, probes and resources, Service and container ports, environment,
 * Ingress routes, secrets and volumes.
 */
class ManifestsTest {

    /** Quarkus services and the port property each listens on. */
    static final Map<String, String> QUARKUS =
            Map.of("edge-api", "quarkus.http.port", "live-push", "quarkus.http.port");
    /** Environment variables of third-party images, as their documentation names them (image name → variables). */
    static final Map<String, Set<String>> THIRD_PARTY_ENV = Map.of(
            "mysql", Set.of("MYSQL_ROOT_PASSWORD", "MYSQL_DATABASE", "MYSQL_USER", "MYSQL_PASSWORD"),
            "amazon/aws-cli",
                    Set.of(
                            "AWS_ACCESS_KEY_ID",
                            "AWS_SECRET_ACCESS_KEY",
                            "AWS_DEFAULT_REGION",
                            "AWS_ENDPOINT_URL",
                            "HOME"));
    /** Variables our containers' base images read besides our code: the Flink image's entrypoint (plugins) and the AWS
     * SDK's default credentials chain of Flink's S3 file system. */
    static final Map<String, Set<String>> IMAGE_ENV = Map.of(
            "flink-main-container", Set.of("ENABLE_BUILT_IN_PLUGINS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"));
    /** The one container allowed to run without probes: a client with no port (see base/generator.yaml). */
    static final String NO_PROBES = "generator";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyImageHasAnExplicitTag(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        List<String> images = new ArrayList<>();
        m.resources.forEach(r -> Manifests.podContainers(r).forEach(c -> {
            if (c.get("image") != null) {
                images.add((String) c.get("image"));
            }
        }));
        m.all("FlinkDeployment").forEach(f -> images.add(Yaml2.str(f, "spec.image")));
        assertThat(images).hasSizeGreaterThanOrEqualTo(5);
        for (String image : images) {
            String tag = Images.tag(image);
            assertThat(tag).as(overlay + ": tag of " + image).isNotBlank().isNotEqualTo("latest");
        }
        // Strimzi picks the broker image from the Kafka version: the version is the tag
        for (Map<String, Object> kafka : m.all("Kafka")) {
            assertThat(Yaml2.str(kafka, "spec.kafka.version"))
                    .as("Kafka version")
                    .matches("\\d+\\.\\d+\\.\\d+");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasProbesRequestsAndLimits(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        int checked = 0;
        for (Map<String, Object> w : m.workloads()) {
            for (Map<String, Object> c : Manifests.podContainers(w)) {
                String what = overlay + ": " + w.get("kind") + "/" + Manifests.name(w) + " container " + c.get("name");
                for (String kind : List.of("requests", "limits")) {
                    for (String res : List.of("cpu", "memory")) {
                        assertThat(Yaml2.path(c, "resources." + kind + "." + res))
                                .as(what + " " + kind + "." + res)
                                .isNotNull();
                    }
                }
                if (NO_PROBES.equals(c.get("name"))) {
                    assertThat(c.get("ports"))
                            .as(what + " has no port, so no probes")
                            .isNull();
                } else if (Manifests.BATCH.contains(w.get("kind"))) {
                    assertThat(c.get("ports"))
                            .as(what + " runs to completion: no port, no probes")
                            .isNull();
                } else {
                    for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                        assertThat(c.get(probe)).as(what + " " + probe).isNotNull();
                    }
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(4);
        // Operator-managed pods: resources are declared on the custom resources
        for (Map<String, Object> f : m.all("FlinkDeployment")) {
            for (String role : List.of("jobManager", "taskManager")) {
                assertThat(Yaml2.path(f, "spec." + role + ".resource.cpu"))
                        .as(role + " cpu")
                        .isNotNull();
                assertThat(Yaml2.path(f, "spec." + role + ".resource.memory"))
                        .as(role + " memory")
                        .isNotNull();
            }
        }
        for (Map<String, Object> pool : m.all("KafkaNodePool")) {
            for (String kind : List.of("requests", "limits")) {
                assertThat(Yaml2.path(pool, "spec.resources." + kind + ".memory"))
                        .as("node pool " + kind)
                        .isNotNull();
                assertThat(Yaml2.path(pool, "spec.resources." + kind + ".cpu"))
                        .as("node pool " + kind)
                        .isNotNull();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void quarkusServicesListenWhereTheirServicesAndProbesPoint(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        for (var svc : QUARKUS.entrySet()) {
            String name = svc.getKey();
            ServiceConfig config = ServiceConfig.quarkus(name);
            Map<String, Object> c = m.container("Deployment", name, name);
            Map<String, String> env = m.environment(c);
            int configured = Integer.parseInt(config.resolve(svc.getValue(), env));
            assertThat(containerPort(c, "http"))
                    .as(overlay + ": " + name + " container port vs its configured HTTP port")
                    .isEqualTo(configured);
            // /q/* (health, metrics, OpenAPI) on the management interface, a port of its own
            assertThat(config.resolve("quarkus.management.enabled", env))
                    .as(name + " management interface")
                    .isEqualTo("true");
            int management = Integer.parseInt(config.resolve("quarkus.management.port", env));
            assertThat(containerPort(c, "management"))
                    .as(overlay + ": " + name + " management port")
                    .isEqualTo(management)
                    .isNotEqualTo(configured);

            Map<String, Object> service = m.get("Service", name);
            List<Map<String, Object>> servicePorts = Yaml2.maps(Yaml2.path(service, "spec.ports"));
            assertThat(servicePorts)
                    .as(name + " Service exposes the HTTP port only, never the management port")
                    .singleElement()
                    .satisfies(port ->
                            assertThat(resolvePort(c, port.get("targetPort"))).isEqualTo(configured));
            assertThat(m.selected(Yaml2.map(Yaml2.path(service, "spec.selector"))))
                    .as(name + " Service selects its Deployment")
                    .extracting(Manifests::name)
                    .containsExactly(name);

            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                String path = Yaml2.str(c, probe + ".httpGet.path");
                assertThat(path).as(name + " " + probe).startsWith("/q/health/");
                assertThat(resolvePort(c, Yaml2.path(c, probe + ".httpGet.port")))
                        .as(name + " " + probe + " port")
                        .isEqualTo(management);
            }
            assertThat(Yaml2.str(c, "startupProbe.httpGet.path")).isEqualTo("/q/health/started");
            assertThat(Yaml2.str(c, "readinessProbe.httpGet.path")).isEqualTo("/q/health/ready");
            assertThat(Yaml2.str(c, "livenessProbe.httpGet.path")).isEqualTo("/q/health/live");
            // a readiness check may take as long as a database connect (connectTimeout=5000 in edge-api's URL): the
            // probe waits longer than that, so a slow answer is not taken for an unready pod
            assertThat(((Number) Yaml2.path(c, "readinessProbe.timeoutSeconds")).intValue())
                    .as(name + " readiness timeout")
                    .isGreaterThan(5);
            assertThat(((Number) Yaml2.path(c, "livenessProbe.timeoutSeconds")).intValue())
                    .as(name + " liveness timeout")
                    .isGreaterThanOrEqualTo(3);
            assertThat(Repo.read(name + "/pom.xml"))
                    .as(name + " has SmallRye Health for /q/health")
                    .contains("quarkus-smallrye-health");
        }
        // every Service's targetPort is a port of a container it selects
        for (Map<String, Object> service : m.all("Service")) {
            List<Map<String, Object>> pods = m.selected(Yaml2.map(Yaml2.path(service, "spec.selector")));
            assertThat(pods).as("pods of Service " + Manifests.name(service)).isNotEmpty();
            for (Map<String, Object> port : Yaml2.maps(Yaml2.path(service, "spec.ports"))) {
                Object target = port.getOrDefault("targetPort", port.get("port"));
                boolean found = pods.stream()
                        .flatMap(w -> Manifests.podContainers(w).stream())
                        .anyMatch(c -> Yaml2.maps(c.get("ports")).stream()
                                .anyMatch(p -> target.equals(p.get("name")) || target.equals(p.get("containerPort"))));
                assertThat(found)
                        .as("Service " + Manifests.name(service) + " targetPort " + target)
                        .isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyEnvironmentVariableIsOneTheServiceReads(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        Map<String, ServiceConfig> readers = Map.of(
                "edge-api", ServiceConfig.quarkus("edge-api"),
                "live-push", ServiceConfig.quarkus("live-push"),
                "generator", ServiceConfig.java("generator"),
                // the job and the emotion classifier it runs
                "flink-main-container", ServiceConfig.java("flink-job", "models/inference"));
        int checked = 0;
        for (Map<String, Object> r : m.resources) {
            for (Map<String, Object> c : Manifests.podContainers(r)) {
                String name = (String) c.get("name");
                // the FlinkDeployment's pod template names no image: the operator sets spec.image
                Object image = c.get("image");
                Set<String> documented = image == null ? null : THIRD_PARTY_ENV.get(Images.name((String) image));
                if (documented != null) {
                    // a third-party image: a variable it documents, or one its command line uses
                    String command = String.valueOf(c.get("command")) + c.get("args");
                    for (String env : m.environment(c).keySet()) {
                        assertThat(documented.contains(env)
                                        || command.contains("$" + env)
                                        || command.contains("${" + env + "}"))
                                .as(overlay + ": container " + name + " (" + c.get("image") + ") uses " + env)
                                .isTrue();
                        checked++;
                    }
                    continue;
                }
                ServiceConfig reader = readers.get(name);
                assertThat(reader)
                        .as(overlay + ": container " + name + " has a known reader")
                        .isNotNull();
                for (String env : m.environment(c).keySet()) {
                    assertThat(reader.reads(env)
                                    || IMAGE_ENV.getOrDefault(name, Set.of()).contains(env))
                            .as(overlay + ": " + name + " reads " + env + " (" + reader.module + ")")
                            .isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(15);
        // and what must be set is set
        assertThat(m.environment(m.container("Deployment", "edge-api", "edge-api")))
                .containsKeys(
                        "STREAMER_DB_URL",
                        "STREAMER_DB_USER",
                        "STREAMER_DB_PASSWORD",
                        "STREAMER_KAFKA_BOOTSTRAP",
                        "STREAMER_JWT_PRIVATE_KEY",
                        "STREAMER_JWT_PUBLIC_KEY");
        assertThat(m.environment(m.container("Deployment", "live-push", "live-push")))
                .containsKeys(
                        "STREAMER_DB_URL",
                        "STREAMER_DB_USER",
                        "STREAMER_DB_PASSWORD",
                        "STREAMER_KAFKA_BOOTSTRAP",
                        "STREAMER_JWT_PUBLIC_KEY")
                .doesNotContainKey("STREAMER_JWT_PRIVATE_KEY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void addressesInTheConfigurationPointAtServicesThatExist(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        String bootstrap = kafkaBootstrap(m);
        for (String name : QUARKUS.keySet()) {
            Map<String, String> env = m.environment(m.container("Deployment", name, name));
            ServiceConfig config = ServiceConfig.quarkus(name);
            assertThat(config.resolve("kafka.bootstrap.servers", env))
                    .as(name + " Kafka")
                    .isEqualTo(bootstrap);
            String jdbc = config.resolve("quarkus.datasource.jdbc.url", env);
            assertThat(hostPort(jdbc)).as(name + " JDBC URL").isEqualTo(mysqlAddress(m));
            assertThat(config.resolve("quarkus.datasource.username", env))
                    .isEqualTo(m.configValue("ConfigMap", "mysql-config", "username"));
            assertThat(config.resolve("quarkus.datasource.password", env))
                    .isEqualTo(Manifests.secretRef("mysql-credentials", "password"));
            assertThat(URI.create(jdbc.substring("jdbc:".length())).getPath())
                    .as(name + " database")
                    .isEqualTo("/" + m.configValue("ConfigMap", "mysql-config", "database"));
        }
        // the generator drives edge-api through its Service
        Map<String, String> gen = m.environment(m.container("Deployment", "generator", "generator"));
        URI base = URI.create(gen.get("STREAMER_BASE_URL"));
        Map<String, Object> edge = m.get("Service", base.getHost());
        assertThat(Yaml2.maps(Yaml2.path(edge, "spec.ports")))
                .extracting(p -> p.get("port"))
                .contains(base.getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void keyFilesAndWritableFoldersAreMounted(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        for (String name : List.of("edge-api", "live-push")) {
            Map<String, Object> d = m.get("Deployment", name);
            Map<String, Object> pod = Manifests.podSpec(d);
            Map<String, Object> c = m.container("Deployment", name, name);
            Map<String, String> env = m.environment(c);
            ServiceConfig config = ServiceConfig.quarkus(name);
            List<String> keyFiles = new ArrayList<>(List.of(config.resolve("mp.jwt.verify.publickey.location", env)));
            if (name.equals("edge-api")) {
                keyFiles.add(config.resolve("smallrye.jwt.sign.key.location", env));
            }
            for (String file : keyFiles) {
                assertThat(mountedSecretFile(pod, c, file))
                        .as(name + ": " + file + " is a file of a mounted Secret")
                        .isTrue();
            }
            // non-root, read-only root file system, and /tmp (java.io.tmpdir) writable
            assertThat(Yaml2.path(pod, "securityContext.runAsNonRoot"))
                    .as(name + " runAsNonRoot")
                    .isEqualTo(true);
            assertThat(Yaml2.path(c, "securityContext.readOnlyRootFilesystem"))
                    .as(name + " read-only root")
                    .isEqualTo(true);
            assertThat(Yaml2.path(c, "securityContext.allowPrivilegeEscalation"))
                    .isEqualTo(false);
            assertThat(emptyDirAt(pod, c, "/tmp"))
                    .as(name + " /tmp is an emptyDir")
                    .isTrue();
        }
        Map<String, Object> gen = Manifests.podSpec(m.get("Deployment", "generator"));
        Map<String, Object> genContainer = m.container("Deployment", "generator", "generator");
        assertThat(emptyDirAt(gen, genContainer, m.environment(genContainer).get("STREAMER_GENERATOR_REPORTS")))
                .as("generator reports folder is writable")
                .isTrue();
        // every volume a pod mounts exists and every claim it names is rendered or templated
        for (Map<String, Object> w : m.workloads()) {
            Map<String, Object> pod = Manifests.podSpec(w);
            Set<String> volumes = new java.util.HashSet<>();
            Yaml2.maps(pod.get("volumes")).forEach(v -> volumes.add((String) v.get("name")));
            Yaml2.maps(Yaml2.path(w, "spec.volumeClaimTemplates"))
                    .forEach(v -> volumes.add(Yaml2.str(v, "metadata.name")));
            for (Map<String, Object> c : Manifests.podContainers(w)) {
                for (Map<String, Object> mount : Yaml2.maps(c.get("volumeMounts"))) {
                    assertThat(volumes)
                            .as(Manifests.name(w) + " volume " + mount.get("name"))
                            .contains((String) mount.get("name"));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void ingressRoutesTheUiAndApiToEdgeApiAndWebSocketsToLivePush(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        Map<String, String> routes = new java.util.HashMap<>();
        Map<String, Map<String, Object>> ingressOf = new java.util.HashMap<>();
        for (Map<String, Object> ingress : m.all("Ingress")) {
            for (Map<String, Object> rule : Yaml2.maps(Yaml2.path(ingress, "spec.rules"))) {
                for (Map<String, Object> p : Yaml2.maps(Yaml2.path(rule, "http.paths"))) {
                    String service = Yaml2.str(p, "backend.service.name");
                    Object port = Yaml2.path(p, "backend.service.port.name");
                    Map<String, Object> svc = m.get("Service", service);
                    assertThat(Yaml2.maps(Yaml2.path(svc, "spec.ports")))
                            .extracting(x -> x.get("name"))
                            .as("Ingress port of " + service)
                            .contains(port);
                    assertThat(p.get("pathType")).isEqualTo("Prefix");
                    routes.put((String) p.get("path"), service);
                    ingressOf.put((String) p.get("path"), ingress);
                }
            }
        }
        assertThat(routes)
                .containsEntry("/", "edge-api")
                .containsEntry("/api", "edge-api")
                .containsEntry("/ws", "live-push");
        // the paths are the services' own; "/" is the UI, which edge-api serves from the streamer-ui jar
        assertThat(String.join("\n", ServiceConfig.sources("edge-api"))).contains("@Path(\"/api");
        assertThat(Repo.read("edge-api/pom.xml"))
                .as("edge-api bundles the UI")
                .contains("<artifactId>streamer-ui</artifactId>");
        Matcher ws = Pattern.compile("@WebSocket\\(path = \"(/[^\"]*)\"")
                .matcher(String.join("\n", ServiceConfig.sources("live-push")));
        assertThat(ws.find()).as("live-push @WebSocket path").isTrue();
        assertThat(ws.group(1)).startsWith("/ws/");
        // WebSocket timeouts well above the read idle time of a quiet community
        Map<String, Object> annotations = Yaml2.map(Yaml2.path(ingressOf.get("/ws"), "metadata.annotations"));
        for (String key : List.of(
                "nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout")) {
            assertThat(Integer.parseInt(String.valueOf(annotations.get(key))))
                    .as(key)
                    .isGreaterThanOrEqualTo(3600);
        }
        // uploads: edge-api accepts bodies up to its own limit, the Ingress must not cut them earlier
        String limit = ServiceConfig.quarkus("edge-api").properties.get("quarkus.http.limits.max-body-size");
        Object proxyLimit = Yaml2.path(ingressOf.get("/api"), "metadata.annotations");
        assertThat(Yaml2.map(proxyLimit).get("nginx.ingress.kubernetes.io/proxy-body-size"))
                .as("proxy body size vs quarkus.http.limits.max-body-size " + limit)
                .isEqualTo(limit.toLowerCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void mysqlIsAStatefulSetWithItsVolumeSecretAndHeadlessService(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        Map<String, Object> sts = m.get("StatefulSet", "mysql");
        assertThat(Yaml2.str(sts, "spec.serviceName")).isEqualTo("mysql");
        assertThat(Yaml2.path(m.get("Service", "mysql"), "spec.clusterIP")).isEqualTo("None");
        Map<String, Object> c = m.container("StatefulSet", "mysql", "mysql");
        assertThat(Images.tag((String) c.get("image"))).startsWith("8.4");
        assertThat(Yaml2.maps(Yaml2.path(sts, "spec.volumeClaimTemplates")))
                .extracting(v -> Yaml2.str(v, "metadata.name"))
                .contains("data");
        assertThat(Yaml2.maps(c.get("volumeMounts"))).anyMatch(v -> "/var/lib/mysql".equals(v.get("mountPath")));
        assertThat(m.environment(c))
                .containsKeys("MYSQL_ROOT_PASSWORD", "MYSQL_USER", "MYSQL_PASSWORD", "MYSQL_DATABASE");
        Map<String, String> env = m.environment(c);
        assertThat(env)
                .containsEntry("MYSQL_ROOT_PASSWORD", Manifests.secretRef("mysql-credentials", "root-password"))
                .containsEntry("MYSQL_PASSWORD", Manifests.secretRef("mysql-credentials", "password"))
                .containsEntry("MYSQL_USER", m.configValue("ConfigMap", "mysql-config", "username"))
                .containsEntry("MYSQL_DATABASE", m.configValue("ConfigMap", "mysql-config", "database"));
    }

    // ---- helpers

    static int containerPort(Map<String, Object> c, String name) {
        return Yaml2.maps(c.get("ports")).stream()
                .filter(p -> name.equals(p.get("name")))
                .map(p -> ((Number) p.get("containerPort")).intValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no port " + name + " in container " + c.get("name")));
    }

    static int resolvePort(Map<String, Object> c, Object port) {
        return port instanceof Number n ? n.intValue() : containerPort(c, String.valueOf(port));
    }

    static String kafkaBootstrap(Manifests m) {
        List<Map<String, Object>> kafkas = m.all("Kafka");
        assertThat(kafkas).hasSize(1);
        Map<String, Object> kafka = kafkas.get(0);
        Map<String, Object> plain = Yaml2.maps(Yaml2.path(kafka, "spec.kafka.listeners")).stream()
                .filter(l -> "internal".equals(l.get("type")) && Boolean.FALSE.equals(l.get("tls")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no plain internal listener"));
        // Strimzi's bootstrap Service: <cluster>-kafka-bootstrap
        return Manifests.name(kafka) + "-kafka-bootstrap:" + plain.get("port");
    }

    static String mysqlAddress(Manifests m) {
        Map<String, Object> svc = m.get("Service", "mysql");
        return "mysql:" + Yaml2.maps(Yaml2.path(svc, "spec.ports")).get(0).get("port");
    }

    static String hostPort(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return uri.getHost() + ":" + uri.getPort();
    }

    static boolean mountedSecretFile(Map<String, Object> pod, Map<String, Object> c, String file) {
        for (Map<String, Object> mount : Yaml2.maps(c.get("volumeMounts"))) {
            String dir = (String) mount.get("mountPath");
            if (!file.startsWith(dir + "/")) {
                continue;
            }
            String rel = file.substring(dir.length() + 1);
            for (Map<String, Object> v : Yaml2.maps(pod.get("volumes"))) {
                if (v.get("name").equals(mount.get("name")) && v.get("secret") != null) {
                    List<Map<String, Object>> items = Yaml2.maps(Yaml2.path(v, "secret.items"));
                    if (items.stream().anyMatch(i -> rel.equals(i.get("path")))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static boolean emptyDirAt(Map<String, Object> pod, Map<String, Object> c, String path) {
        if (path == null) {
            fail("no path");
        }
        for (Map<String, Object> mount : Yaml2.maps(c.get("volumeMounts"))) {
            if ((path + "/").startsWith(mount.get("mountPath") + "/") && !Boolean.TRUE.equals(mount.get("readOnly"))) {
                for (Map<String, Object> v : Yaml2.maps(pod.get("volumes"))) {
                    if (v.get("name").equals(mount.get("name")) && v.containsKey("emptyDir")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
