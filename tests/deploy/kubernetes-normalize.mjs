// Prints the objects `kubectl kustomize` rendered in a form that two
// kustomize versions agree on: sorted by kind, namespace and name, keys
// sorted, the generated ConfigMaps' and Secrets' name hashes (each version
// hashes its own way) replaced by "-HASH" wherever the names appear.
//
//   node kubernetes-normalize.mjs RENDERED.yaml
import fs from "node:fs";
import * as yaml from "js-yaml";

const docs = yaml.loadAll(fs.readFileSync(process.argv[2], "utf8"))
    .filter(Boolean);
const hashed = new Map();
for (const o of docs) {
    const m = /^(.*)-[a-z0-9]{10}$/.exec(o.metadata?.name ?? "");
    if (m && (o.kind === "ConfigMap" || o.kind === "Secret"))
        hashed.set(o.metadata.name, `${m[1]}-HASH`);
}
// Objects are a few levels deep: the recursion is bounded by our files.
const canonical = (v) => {
    if (Array.isArray(v))
        return v.map(canonical);
    if (v && typeof v === "object")
        return Object.fromEntries(Object.keys(v).sort()
            .map((k) => [k, canonical(v[k])]));
    return typeof v === "string" && hashed.has(v) ? hashed.get(v) : v;
};
const key = (o) => [o.kind, o.metadata?.namespace ?? "", o.metadata?.name]
    .join("/");
docs.sort((a, b) => key(a).localeCompare(key(b)));
process.stdout.write(JSON.stringify(docs.map(canonical), null, 1) + "\n");
