package dev.streamer.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The schemas a cluster validates these manifests with, offline: the CustomResourceDefinitions of the pinned operator
 * releases and the Kubernetes OpenAPI (swagger v2) document of the supported Kubernetes version, read from the folder
 * the system property {@code streamer.k8s.schemas} names (k8s/README.md, "Schemas").
 *
 * <p>Stricter than a cluster in one respect, on purpose: a cluster silently prunes fields a structural schema does not
 * declare (and {@code kubectl apply} at most warns), so a misspelled field is simply lost. Here every object schema
 * that lists its properties rejects any other ({@code additionalProperties: false}), except where the schema says
 * {@code x-kubernetes-preserve-unknown-fields}. Int-or-string and quantity fields accept what the API server accepts.
 */
final class Schemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static Schemas loaded;

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    /** apiVersion + "/" + kind → schema. */
    private final Map<String, JsonSchema> kinds = new LinkedHashMap<>();
    /** Kinds whose schema comes from a CRD: their metadata is checked against ObjectMeta besides. */
    private final List<String> custom = new ArrayList<>();
    private JsonSchema objectMeta;
    final String kubernetesVersion;

    private Schemas(Path dir) throws IOException {
        List<Path> swagger;
        try (Stream<Path> files = Files.walk(dir)) {
            swagger = files.filter(f -> f.getFileName().toString().equals("swagger.json")).toList();
        }
        if (swagger.size() != 1) {
            throw new AssertionError(dir + ": exactly one swagger.json (the Kubernetes OpenAPI document) expected, found "
                    + swagger);
        }
        kubernetesVersion = swagger.get(0).getParent().getFileName().toString();
        loadKubernetes(swagger.get(0));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                loadCrds(f);
            }
        }
    }

    /** The schemas of the folder {@code streamer.k8s.schemas} names; a missing folder fails the test that asks. */
    static synchronized Schemas load() {
        if (loaded == null) {
            String property = System.getProperty("streamer.k8s.schemas");
            if (property == null || !Files.isDirectory(Path.of(property))) {
                throw new AssertionError("no schema folder at " + property + " (system property streamer.k8s.schemas): "
                        + "the operators' CRDs and the Kubernetes OpenAPI document the manifests are validated against; "
                        + "k8s/README.md, \"Schemas\", says where they come from");
            }
            try {
                loaded = new Schemas(Path.of(property));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    /** "apiVersion/kind" of every kind a schema is known for. */
    java.util.Set<String> kinds() {
        return kinds.keySet();
    }

    /** What is wrong with a resource; empty when its schema accepts it. */
    List<String> validate(Map<String, Object> resource) {
        String id = resource.get("apiVersion") + "/" + resource.get("kind");
        String what = resource.get("kind") + "/" + Yaml2.path(resource, "metadata.name");
        JsonSchema schema = kinds.get(id);
        if (schema == null) {
            return List.of(what + ": no schema for " + id + " (neither a Kubernetes " + kubernetesVersion
                    + " kind nor one of the vendored CRDs)");
        }
        JsonNode node = JSON.valueToTree(resource);
        List<String> errors = new ArrayList<>();
        for (ValidationMessage m : schema.validate(node)) {
            errors.add(what + ": " + m.getMessage());
        }
        if (custom.contains(id)) {
            for (ValidationMessage m : objectMeta.validate(node.path("metadata"))) {
                errors.add(what + ": metadata " + m.getMessage());
            }
        }
        return errors;
    }

    private void loadKubernetes(Path file) throws IOException {
        JsonNode doc = JSON.readTree(file.toFile());
        ObjectNode definitions = (ObjectNode) doc.get("definitions");
        Map<String, String> byKind = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = definitions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> d = it.next();
            for (JsonNode gvk : d.getValue().path("x-kubernetes-group-version-kind")) {
                String group = gvk.path("group").asText();
                String apiVersion = group.isEmpty() ? gvk.path("version").asText() : group + "/" + gvk.path("version").asText();
                byKind.putIfAbsent(apiVersion + "/" + gvk.path("kind").asText(), d.getKey());
            }
            tighten(d.getValue());
        }
        for (Map.Entry<String, String> k : byKind.entrySet()) {
            kinds.put(k.getKey(), factory.getSchema(rooted(definitions, k.getValue())));
        }
        objectMeta = factory.getSchema(rooted(definitions, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    }

    /** A schema document that is one definition of the shared set: {"$ref": "#/definitions/NAME", "definitions": …}. */
    private static ObjectNode rooted(ObjectNode definitions, String name) {
        if (!definitions.has(name)) {
            throw new AssertionError("the Kubernetes OpenAPI document has no definition " + name);
        }
        ObjectNode root = NODES.objectNode();
        root.put("$ref", "#/definitions/" + name);
        root.set("definitions", definitions);
        return root;
    }

    private void loadCrds(Path file) {
        for (Map<String, Object> doc : Kubectl.parse(read(file))) {
            if (!"CustomResourceDefinition".equals(doc.get("kind"))) {
                continue;
            }
            String group = Yaml2.str(doc, "spec.group");
            String kind = Yaml2.str(doc, "spec.names.kind");
            for (Map<String, Object> version : Yaml2.maps(Yaml2.path(doc, "spec.versions"))) {
                if (!Boolean.TRUE.equals(version.get("served"))) {
                    continue;
                }
                ObjectNode schema = JSON.valueToTree(Yaml2.path(version, "schema.openAPIV3Schema"));
                // the API server accepts these at the root of every custom resource, whether the CRD lists them or not
                ObjectNode properties = schema.with("properties");
                properties.putIfAbsent("apiVersion", NODES.objectNode().put("type", "string"));
                properties.putIfAbsent("kind", NODES.objectNode().put("type", "string"));
                properties.putIfAbsent("metadata", NODES.objectNode().put("type", "object"));
                tighten(schema);
                String id = group + "/" + version.get("name") + "/" + kind;
                kinds.put(id, factory.getSchema(schema));
                custom.add(id);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Turns a Kubernetes structural schema into a JSON Schema (draft 4) that rejects unknown fields, in place: objects
     * listing their properties get {@code additionalProperties: false} unless they preserve unknown fields;
     * int-or-string and quantity fields accept a number or a string; {@code nullable} allows null; Kubernetes
     * extensions, formats and descriptions are dropped (the validator does not know them).
     */
    static void tighten(JsonNode node) {
        if (!(node instanceof ObjectNode s)) {
            return;
        }
        String format = s.path("format").asText();
        if (s.path("x-kubernetes-int-or-string").asBoolean() || format.equals("int-or-string")) {
            s.remove("type");
            s.set("anyOf", anyOf("integer", "string"));
        } else if (format.equals("quantity")) {
            s.remove("type");
            s.set("anyOf", anyOf("number", "string"));
        }
        if (s.path("nullable").asBoolean() && s.path("type").isTextual()) {
            s.set("type", NODES.arrayNode().add(s.path("type").asText()).add("null"));
        }
        boolean open = s.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        if (s.has("properties") && !s.has("additionalProperties") && !open) {
            s.put("additionalProperties", false);
        }
        List<String> drop = new ArrayList<>();
        s.fieldNames().forEachRemaining(f -> {
            if (f.startsWith("x-") || f.equals("format") || f.equals("description") || f.equals("nullable")) {
                drop.add(f);
            }
        });
        s.remove(drop);
        for (JsonNode p : s.path("properties")) {
            tighten(p);
        }
        for (String key : List.of("items", "additionalProperties", "not")) {
            JsonNode child = s.get(key);
            if (child instanceof ArrayNode a) {
                a.forEach(Schemas::tighten);
            } else if (child != null) {
                tighten(child);
            }
        }
        for (String key : List.of("allOf", "anyOf", "oneOf")) {
            s.path(key).forEach(Schemas::tighten);
        }
    }

    private static ArrayNode anyOf(String... types) {
        ArrayNode a = NODES.arrayNode();
        for (String t : types) {
            a.add(NODES.objectNode().put("type", t));
        }
        return a;
    }
}
