// Validates the objects `kubectl kustomize` rendered from deploy/kubernetes,
// offline: each against the Kubernetes schemas of the kubernetes-models
// package (types, required fields, enums), then what the deployment
// promises (doc/deploy.md): hardened pods with probes and resources, selectors
// that meet, a builder reached by the api pods only, metrics reachable
// from the monitoring namespace only.
//
//   node kubernetes-validate.mjs RENDERED.yaml ENV_OUT
//
// ENV_OUT receives, per container, its environment (ConfigMaps resolved)
// as NAME=VALUE lines after a "# container NAME" line, for the shell test
// to check with the programs themselves.  Exit 0, or 1 with the problems.
import fs from "node:fs";
import * as yaml from "js-yaml";

const [file, envOut] = process.argv.slice(2);
const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).filter(Boolean);
const problems = [];
const problem = (o, text) =>
    problems.push(`${o.kind}/${o.metadata?.name}: ${text}`);

// The schema of each object's apiVersion and kind.
for (const o of docs) {
    const [group, version] = o.apiVersion.includes("/") ?
        o.apiVersion.split("/") : [null, o.apiVersion];
    const path = group ? `${group}/${version}` : version;
    let Model;
    try {
        Model = (await import(`kubernetes-models/${path}/${o.kind}`))[o.kind];
    } catch (e) {
        problem(o, `no schema for ${o.apiVersion} ${o.kind}`);
        continue;
    }
    try {
        new Model(o).validate();
    } catch (e) {
        problem(o, `invalid: ${e.message}`);
    }
}

const all = (kind) => docs.filter((o) => o.kind === kind);
const one = (kind, name) => docs.find((o) => o.kind === kind &&
    o.metadata.name === name);
const matches = (selector, labels) => selector &&
    Object.entries(selector).every(([k, v]) => labels?.[k] === v);
const workloads = [...all("Deployment"), ...all("StatefulSet")];
const configMaps = new Map(all("ConfigMap").map((c) => [c.metadata.name, c]));

// Pods: the restricted profile, probes, resources.
const env = [];
for (const w of workloads) {
    const pod = w.spec.template.spec;
    const labels = w.spec.template.metadata.labels;
    if (!matches(w.spec.selector.matchLabels, labels))
        problem(w, "its selector does not match its pods");
    if (pod.securityContext?.runAsNonRoot !== true)
        problem(w, "runAsNonRoot is not true");
    if (pod.automountServiceAccountToken !== false)
        problem(w, "mounts a service account token it has no use for");
    for (const c of pod.containers) {
        const sc = c.securityContext ?? {};
        const seccomp = sc.seccompProfile ?? pod.securityContext?.seccompProfile;
        if (seccomp?.type !== "RuntimeDefault")
            problem(w, `${c.name}: seccomp is not RuntimeDefault`);
        if (sc.readOnlyRootFilesystem !== true)
            problem(w, `${c.name}: root file system not read-only`);
        if (sc.allowPrivilegeEscalation !== false)
            problem(w, `${c.name}: privilege escalation allowed`);
        if (!(sc.capabilities?.drop ?? []).includes("ALL"))
            problem(w, `${c.name}: capabilities not all dropped`);
        for (const r of ["requests", "limits"])
            for (const k of ["cpu", "memory"])
                if (!c.resources?.[r]?.[k])
                    problem(w, `${c.name}: no ${r}.${k}`);
        if (!c.readinessProbe || !c.livenessProbe)
            problem(w, `${c.name}: a readiness or liveness probe is missing`);
        // Every directory the service writes is a volume.
        const mounts = new Set((c.volumeMounts ?? []).map((m) => m.mountPath));
        for (const dir of ["/data", "/logs", "/run/medicaments", "/tmp"])
            if (!mounts.has(dir))
                problem(w, `${c.name}: nothing mounted on ${dir} (read-only root)`);
        const vars = [];
        for (const from of c.envFrom ?? []) {
            const cm = configMaps.get(from.configMapRef?.name);
            if (!cm)
                problem(w, `${c.name}: no ConfigMap ${from.configMapRef?.name}`);
            else
                for (const [k, v] of Object.entries(cm.data ?? {}))
                    vars.push([k, v]);
        }
        for (const e of c.env ?? [])
            vars.push([e.name, e.value ?? ""]);
        env.push(`# container ${w.metadata.name}`,
            ...vars.map(([k, v]) => `${k}=${v}`));
    }
}

// The builder: one pod with its volume; the api pods mirror it.
const builder = all("StatefulSet").find((s) =>
    s.metadata.name === "medicaments-builder");
const api = all("Deployment").find((d) => d.metadata.name === "medicaments-api");
if (!builder || !api)
    problems.push("the builder StatefulSet or the api Deployment is missing");
else {
    if (builder.spec.replicas !== 1)
        problem(builder, "more than one builder");
    const claim = builder.spec.volumeClaimTemplates?.[0]?.metadata.name;
    if (!builder.spec.template.spec.containers[0].volumeMounts
        .some((m) => m.name === claim && m.mountPath === "/data"))
        problem(builder, "its volume claim is not mounted on /data");
    const apiEnv = Object.fromEntries((api.spec.template.spec.containers[0].env ?? [])
        .map((e) => [e.name, e.value]));
    const url = apiEnv.MIRROR_URL && new URL(apiEnv.MIRROR_URL);
    const service = url && one("Service", url.hostname);
    if (!service)
        problem(api, `MIRROR_URL ${apiEnv.MIRROR_URL} names no Service`);
    else {
        if (!matches(service.spec.selector, builder.spec.template.metadata.labels))
            problem(service, "does not select the builder");
        if (!service.spec.ports.some((p) => String(p.port) === url.port))
            problem(service, `has no port ${url.port} (MIRROR_URL)`);
        if (url.pathname !== "/v1/database")
            problem(api, "MIRROR_URL is not the builder's /v1/database");
    }
    const data = api.spec.template.spec.volumes.find((v) => v.name === "data");
    if (!data?.emptyDir)
        problem(api, "the mirrored database is not in an emptyDir");
    const apiLabels = api.spec.template.metadata.labels;
    const apiService = one("Service", "medicaments-api");
    if (!matches(apiService?.spec.selector, apiLabels))
        problems.push("Service/medicaments-api does not select the api pods");
    const hpa = all("HorizontalPodAutoscaler")[0];
    if (hpa?.spec.scaleTargetRef.name !== api.metadata.name ||
        !hpa.spec.metrics.some((m) => m.resource?.name === "cpu"))
        problems.push("no HorizontalPodAutoscaler on the api's CPU");
    const pdb = all("PodDisruptionBudget")[0];
    if (!matches(pdb?.spec.selector.matchLabels, apiLabels))
        problems.push("no PodDisruptionBudget for the api pods");
    for (const ing of all("Ingress"))
        for (const rule of ing.spec.rules)
            for (const p of rule.http.paths)
                if (p.backend.service.name !== "medicaments-api" ||
                    !apiService?.spec.ports.some((sp) =>
                        sp.name === p.backend.service.port.name))
                    problem(ing, "does not lead to the api Service's port");

    // NetworkPolicy: who reaches the metrics port and the builder.
    const policyOf = (labels) => all("NetworkPolicy").find((np) =>
        matches(np.spec.podSelector.matchLabels, labels));
    for (const [w, name] of [[api, "api"], [builder, "builder"]]) {
        const np = policyOf(w.spec.template.metadata.labels);
        if (!np || !np.spec.policyTypes.includes("Ingress")) {
            problems.push(`no NetworkPolicy on the ${name} pods' ingress`);
            continue;
        }
        for (const rule of np.spec.ingress) {
            const ports = (rule.ports ?? []).map((p) => p.port);
            const from = rule.from ?? [];
            if (ports.length === 0)
                problem(np, "a rule opens every port");
            if (ports.includes(9090) && (from.length === 0 || from.some((f) =>
                f.ipBlock ||
                f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] !==
                "monitoring")))
                problem(np, "port 9090 open to more than the monitoring namespace");
            if (name === "builder" && ports.includes(8000) &&
                (from.length === 0 || from.some((f) => !f.podSelector ||
                f.namespaceSelector || !matches(f.podSelector.matchLabels,
                    api.spec.template.metadata.labels))))
                problem(np, "the builder's port 8000 open to more than the api pods");
        }
    }
}

fs.writeFileSync(envOut, env.join("\n") + "\n");
if (problems.length > 0) {
    console.error(problems.join("\n"));
    process.exit(1);
}
console.log(`${docs.length} objects valid`);
