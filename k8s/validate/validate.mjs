#!/usr/bin/env node
// Validates rendered Kubernetes manifests (what `kubectl kustomize` prints) offline, two ways for every resource:
//   schema  the model's compiled validator from the kubernetes-models packages (types, enums, required fields,
//           patterns, formats), generated from the Kubernetes OpenAPI document and the operators' CRDs;
//   types   the resource as an object literal typed with the package's TypeScript interface, type-checked with the
//           TypeScript API (strict, no emit), every object literal walked with the type checker: each field its type
//           does not declare is an error (the validators accept unknown fields; a cluster silently prunes them).
// Only the API versions in SERVED are known; any other apiVersion or kind is an error, so nothing escapes.
//
// Usage: node validate/validate.mjs [FILE...]      (no FILE or "-": standard input)
// Prints one line per error, "Kind/name: path: [schema|types] message", and a summary on stderr.
// Exit: 0 valid, 1 errors, 2 usage or a failure of the script itself.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { parseAllDocuments } from "yaml";

// apiVersion → the package folder whose models describe it. Built-in kinds: the GA API groups a Kubernetes 1.36
// cluster serves (kubernetes-models 5.1.0 also keeps models of removed versions, e.g. extensions/v1beta1, which are
// left out here). Custom resources: the versions the pinned operators serve (Strimzi 1.0 serves only v1).
const SERVED = {
    "v1": "kubernetes-models/v1",
    "admissionregistration.k8s.io/v1": "kubernetes-models/admissionregistration.k8s.io/v1",
    "apiextensions.k8s.io/v1": "kubernetes-models/apiextensions.k8s.io/v1",
    "apps/v1": "kubernetes-models/apps/v1",
    "autoscaling/v1": "kubernetes-models/autoscaling/v1",
    "autoscaling/v2": "kubernetes-models/autoscaling/v2",
    "batch/v1": "kubernetes-models/batch/v1",
    "certificates.k8s.io/v1": "kubernetes-models/certificates.k8s.io/v1",
    "coordination.k8s.io/v1": "kubernetes-models/coordination.k8s.io/v1",
    "discovery.k8s.io/v1": "kubernetes-models/discovery.k8s.io/v1",
    "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
    "node.k8s.io/v1": "kubernetes-models/node.k8s.io/v1",
    "policy/v1": "kubernetes-models/policy/v1",
    "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
    "scheduling.k8s.io/v1": "kubernetes-models/scheduling.k8s.io/v1",
    "storage.k8s.io/v1": "kubernetes-models/storage.k8s.io/v1",
    "kafka.strimzi.io/v1": "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1",
    "flink.apache.org/v1beta1": "@kubernetes-models/flink/flink.apache.org/v1beta1",
    "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

const HERE = path.dirname(fileURLToPath(import.meta.url));
// The generated TypeScript file exists only in memory; it sits beside this script so that its imports resolve
// from this package's node_modules.
const TYPES_FILE = path.join(HERE, "rendered-resources.ts").split(path.sep).join("/");

function usage(message) {
    process.stderr.write(`validate: ${message}\nusage: node validate/validate.mjs [FILE...]  (no FILE or "-": stdin)\n`);
    process.exit(2);
}

function readInputs(args) {
    const names = args.length === 0 ? ["-"] : args;
    return names.map((name) => {
        try {
            return { name: name === "-" ? "stdin" : name, text: readFileSync(name === "-" ? 0 : name, "utf8") };
        } catch (e) {
            usage(`cannot read ${name}: ${e.message}`);
        }
    });
}

/** The documents of every input; YAML 1.1, as kubectl reads them ("on" and "yes" are booleans unless quoted). */
function parseResources(inputs, errors) {
    const resources = [];
    for (const { name, text } of inputs) {
        for (const doc of parseAllDocuments(text, { version: "1.1", uniqueKeys: true })) {
            if (doc.errors.length > 0) {
                doc.errors.forEach((e) => errors.push(`${name}: (yaml): ${e.message.split("\n")[0]}`));
                continue;
            }
            const value = doc.toJS();
            if (value === null || value === undefined) {
                continue;
            }
            resources.push(value);
        }
    }
    return resources;
}

function describe(resource) {
    const name = resource?.metadata?.name ?? "(no name)";
    return `${resource?.kind ?? "(no kind)"}/${name}`;
}

/** The model class for the resource's apiVersion and kind, or null when none is known. */
async function modelFor(resource) {
    const { apiVersion, kind } = resource;
    const folder = SERVED[apiVersion];
    if (!folder || typeof kind !== "string" || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
        return null;
    }
    let module;
    try {
        module = await import(`${folder}/${kind}`);
    } catch {
        return null;
    }
    const model = module[kind];
    // Only a top-level resource's model carries its apiVersion and kind (v1/Container, say, does not)
    return model && model.apiVersion === apiVersion && model.kind === kind ? { model, module: `${folder}/${kind}` } : null;
}

/** "spec.template.spec.containers[0].image" from the JSON pointer "/spec/template/spec/containers/0/image". */
function pointerToPath(pointer) {
    if (!pointer) {
        return "(root)";
    }
    return pointer.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce((acc, p) => acc + (/^\d+$/.test(p) ? `[${p}]` : key(p, acc === "")), "");
}

function key(name, first) {
    return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(name) ? (first ? name : `.${name}`) : `[${JSON.stringify(name)}]`;
}

function schemaErrors(model, resource) {
    try {
        new model(structuredClone(resource)).validate();
        return [];
    } catch (e) {
        if (!Array.isArray(e.errors)) {
            return [`(root): [schema] ${e.message}`];
        }
        return e.errors.map((err) => {
            const allowed = err.params?.allowedValues ? ` (${err.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")})` : "";
            return `${pointerToPath(err.instancePath)}: [schema] ${err.message}${allowed}`;
        });
    }
}

/**
 * One TypeScript file, "const r<N>: I<Kind> = <resource as JSON>;" per resource, type-checked in memory. Returns the
 * errors per resource index, each with the path of the field the diagnostic points at.
 */
function typeErrors(entries) {
    const aliases = new Map();
    entries.forEach(({ module }) => aliases.has(module) || aliases.set(module, `M${aliases.size}`));
    let text = [...aliases].map(([module, alias]) => `import type * as ${alias} from ${JSON.stringify(module)};\n`).join("");
    const spans = [];
    for (const { index, module, kind, resource } of entries) {
        const start = text.length;
        text += `const r${index}: ${aliases.get(module)}.I${kind} = ${JSON.stringify(resource, null, 2)};\n`;
        spans.push({ index, start, end: text.length });
    }

    const options = {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ["lib.es2022.d.ts"],
        types: [],
    };
    const host = ts.createCompilerHost(options, true);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (name, language, onError, create) => name === TYPES_FILE
        ? ts.createSourceFile(name, text, language, true)
        : getSourceFile.call(host, name, language, onError, create);
    host.fileExists = (name) => name === TYPES_FILE || fileExists.call(host, name);
    host.readFile = (name) => name === TYPES_FILE ? text : readFile.call(host, name);
    const program = ts.createProgram([TYPES_FILE], options, host);
    const source = program.getSourceFile(TYPES_FILE);

    const checker = program.getTypeChecker();
    const byIndex = new Map();
    const add = (index, line) => byIndex.set(index, [...(byIndex.get(index) ?? []), line]);
    const unknownPaths = new Map();
    for (const { index, start } of spans) {
        const statement = source.statements.find((s) => s.getStart(source) === start);
        const found = [];
        unknownFields(checker, source, statement.declarationList.declarations[0].initializer, "", found);
        found.forEach((f) => add(index, `${f.path}: [types] ${f.message}`));
        unknownPaths.set(index, new Set(found.map((f) => f.path)));
    }
    const global = [];
    for (const d of ts.getPreEmitDiagnostics(program)) {
        const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
        const span = d.file?.fileName === TYPES_FILE ? spans.find((s) => d.start >= s.start && d.start < s.end) : undefined;
        if (!span) {
            global.push(`(types): TS${d.code} ${d.file ? path.basename(d.file.fileName) + ": " : ""}${message}`);
            continue;
        }
        const at = fieldPath(source, d.start);
        // TypeScript's own excess-property error names the first unknown field of a resource only; the walk above
        // already reported every one
        if (!unknownPaths.get(span.index).has(at)) {
            add(span.index, `${at}: [types] ${message}`);
        }
    }
    return { byIndex, global };
}

/**
 * Every field of the literal node that the type it is checked against does not declare, with its path: TypeScript
 * itself stops at the first error of a resource. Objects typed with an index signature, "any" or "{}" (labels, Flink's
 * flinkConfiguration, fields a CRD marks x-kubernetes-preserve-unknown-fields) accept any field, as a cluster does.
 */
function unknownFields(checker, source, node, at, found) {
    if (ts.isObjectLiteralExpression(node)) {
        const shapes = objectShapes(checker, checker.getContextualType(node));
        for (const property of node.properties) {
            if (!ts.isPropertyAssignment(property)) {
                continue;
            }
            const name = ts.isStringLiteral(property.name) ? property.name.text : property.name.getText(source);
            const here = at + key(name, at === "");
            if (shapes && !shapes.some((t) => checker.getPropertyOfType(t, name))) {
                const known = [...new Set(shapes.flatMap((t) => checker.getPropertiesOfType(t).map((s) => s.name)))];
                const near = closest(name, known);
                found.push({ path: here, message: `unknown field '${name}'${near ? `; did you mean '${near}'?` : ""}` });
                continue;
            }
            unknownFields(checker, source, property.initializer, here, found);
        }
    } else if (ts.isArrayLiteralExpression(node)) {
        node.elements.forEach((element, i) => unknownFields(checker, source, element, `${at}[${i}]`, found));
    }
}

/** The object types a literal must match, or null when it may hold any field. */
function objectShapes(checker, type) {
    if (!type || type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
        return null;
    }
    const parts = (type.isUnion() ? type.types : [type])
        .filter((t) => t.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection));
    // "{}" is what the models say for a CRD field that preserves unknown fields (Strimzi's config maps)
    if (parts.length === 0 || parts.some((t) => checker.getIndexInfosOfType(t).length > 0
        || checker.getPropertiesOfType(t).length === 0)) {
        return null;
    }
    return parts;
}

/** The known name nearest to a misspelled one (edit distance at most a third of its length), if any. */
function closest(name, known) {
    // edits, case-insensitive, a swap of two neighbours counting as one
    const distance = (a, b) => {
        a = a.toLowerCase();
        b = b.toLowerCase();
        const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
        d[0] = Array.from({ length: b.length + 1 }, (_, j) => j);
        for (let i = 1; i <= a.length; i++) {
            for (let j = 1; j <= b.length; j++) {
                d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length][b.length];
    };
    const best = known.map((k) => ({ k, d: distance(name, k) })).sort((x, y) => x.d - y.d)[0];
    return best && best.d <= Math.max(1, Math.floor(name.length / 3)) ? best.k : null;
}

/** The path of the property or element of the resource's literal that contains position pos. */
function fieldPath(source, pos) {
    const statement = source.statements.find((s) => pos >= s.getStart(source) && pos < s.end);
    const initializer = statement && ts.isVariableStatement(statement)
        ? statement.declarationList.declarations[0].initializer : undefined;
    let node = initializer;
    let result = "";
    while (node) {
        const inside = (n) => pos >= n.getStart(source) && pos < n.end;
        if (ts.isObjectLiteralExpression(node)) {
            const property = node.properties.find(inside);
            if (!property || !ts.isPropertyAssignment(property)) {
                break;
            }
            const name = ts.isStringLiteral(property.name) ? property.name.text : property.name.getText(source);
            result += key(name, result === "");
            node = property.initializer;
        } else if (ts.isArrayLiteralExpression(node)) {
            const i = node.elements.findIndex(inside);
            if (i < 0) {
                break;
            }
            result += `[${i}]`;
            node = node.elements[i];
        } else {
            break;
        }
    }
    return result || "(root)";
}

async function main() {
    const args = process.argv.slice(2);
    if (args.some((a) => a.startsWith("-") && a !== "-")) {
        usage(`unknown option ${args.find((a) => a.startsWith("-") && a !== "-")}`);
    }
    const errors = [];
    const resources = parseResources(readInputs(args), errors);
    const perResource = resources.map(() => []);
    const typed = [];
    for (const [index, resource] of resources.entries()) {
        if (typeof resource !== "object" || Array.isArray(resource)) {
            perResource[index].push(`(root): not a Kubernetes object`);
            continue;
        }
        const found = await modelFor(resource);
        if (!found) {
            perResource[index].push(`(root): no schema for ${resource.apiVersion}/${resource.kind}: neither a kind of the `
                + `API versions a Kubernetes 1.36 cluster serves nor one the pinned operators serve`);
            continue;
        }
        perResource[index].push(...schemaErrors(found.model, resource));
        typed.push({ index, module: found.module, kind: resource.kind, resource });
    }
    const { byIndex, global } = typeErrors(typed);
    errors.push(...global);
    for (const [index, resource] of resources.entries()) {
        const all = [...perResource[index], ...(byIndex.get(index) ?? [])];
        all.forEach((e) => errors.push(`${describe(resource)}: ${e}`));
    }
    errors.forEach((e) => process.stdout.write(e + "\n"));
    process.stderr.write(`validate: ${resources.length} resources, ${errors.length} errors\n`);
    process.exit(errors.length === 0 ? 0 : 1);
}

try {
    await main();
} catch (e) {
    process.stderr.write(`validate: failed: ${e.stack ?? e}\n`);
    process.exit(2);
}
