// Static checks of the documentation, no server needed:
//   - html/docs/openapi.yaml describes what API.md says: every path, the
//     headers of each kind of answer (ETag, Last-Modified, Cache-Control,
//     X-RateLimit-*, Retry-After, Allow, Link), the error object on every
//     4xx and 5xx, 304/405/429/503 on every API operation, 410 on every
//     legacy path;
//   - the pages (html/index.html, html/en/index.html, html/docs/index.html)
//     load nothing from another site, and every local file they name
//     exists;
//   - every JSON answer shown on the pages (a <code data-schema="Name">
//     block) is valid against components/schemas/Name, strictly, and the
//     French and English pages show the same answers.
// The OpenAPI linter itself (Redocly CLI) runs in openapi-lint.sh.
//
//   node lint.mjs TOP_SRCDIR
import fs from "node:fs";
import path from "node:path";
import * as yaml from "js-yaml";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const top = process.argv[2];
if (!top) {
  console.error("usage: node lint.mjs TOP_SRCDIR");
  process.exit(2);
}
const html = path.join(top, "html");
const doc = yaml.load(fs.readFileSync(path.join(html, "docs/openapi.yaml"), "utf8"));

let failures = 0, checks = 0;
function check(ok, what) {
  checks++;
  if (!ok) {
    failures++;
    console.log(`FAIL: ${what}`);
  }
}
function deref(obj) {
  while (obj && obj.$ref)
    obj = obj.$ref.slice(2).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((o, k) => o[k], doc);
  return obj;
}

// --- the document against API.md ---------------------------------------------

check(doc.openapi.startsWith("3.1."), `OpenAPI 3.1 (got ${doc.openapi})`);
const apiPaths = ["/health", "/v1/medicaments", "/v1/medicaments/{cis}",
  "/v1/medicaments/export", "/v1/generiques", "/v1/generiques/{groupID}",
  "/v1/presentations", "/v1/presentations/{cip}", "/v1/diagnostics"];
const legacyPaths = ["/database", "/database/{page}", "/medicament/{nom}",
  "/medicament/id/{cis}", "/generiques/{libelle}", "/generiques/group/{id}"];
const otherPaths = ["/", "/docs", "/docs/openapi.yaml", "/metrics"];
// Beyond API.md (issue 13): new paths under /v1, v1's own unchanged.
const newPaths = ["/v1/medicaments/{cis}/avis",
  "/v1/medicaments/{cis}/informations", "/v1/substances",
  "/v1/substances/{code}",
  "/v1/disponibilites", "/v1/medicaments/{cis}/disponibilites", "/v1/mitm",
  "/v1/medicaments/{cis}/mitm", "/v1/database",
  // The change feed (issue 25).
  "/v1/changes", "/v1/medicaments/{cis}/changes", "/v1/publications",
  "/v1/changes.atom"];
const all = [...apiPaths, ...legacyPaths, ...otherPaths, ...newPaths];
for (const p of all) check(doc.paths[p]?.get, `GET ${p} is documented`);
for (const p of Object.keys(doc.paths)) check(all.includes(p), `${p} is a path of API.md`);

const rateHeaders = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Rate"];
function headersOf(resp) {
  return Object.fromEntries(Object.entries(deref(resp).headers || {})
    .map(([k, v]) => [k, deref(v)]));
}
function schemaName(resp, media = "application/json") {
  const s = deref(resp).content?.[media]?.schema;
  return s?.$ref ? s.$ref.split("/").pop() : s?.oneOf ? "oneOf" : s?.type;
}
const cacheControl = { "/health": "no-store", "/v1/diagnostics": "public, max-age=10" };
for (const p of apiPaths) {
  const op = doc.paths[p].get;
  const r = op.responses;
  for (const s of ["200", "304", "405", "429", "503"])
    check(r[s], `GET ${p} documents ${s}`);
  const ok = headersOf(r["200"]);
  for (const h of ["ETag", "Last-Modified", "Cache-Control", ...rateHeaders])
    check(ok[h], `GET ${p} 200 has ${h}`);
  check(ok["Cache-Control"]?.schema?.const === (cacheControl[p] || "public, max-age=3600"),
    `GET ${p} 200: Cache-Control ${cacheControl[p] || "public, max-age=3600"}`);
  const nm = headersOf(r["304"]);
  for (const h of ["ETag", ...rateHeaders]) check(nm[h], `GET ${p} 304 has ${h}`);
  check(!deref(r["304"]).content, `GET ${p} 304 has no body`);
  check(headersOf(r["405"]).Allow?.required, `GET ${p} 405 has Allow`);
  check(headersOf(r["429"])["Retry-After"]?.required, `GET ${p} 429 has Retry-After`);
  for (const [s, resp] of Object.entries(r)) {
    if (Number(s) < 400) continue;
    for (const h of rateHeaders) check(headersOf(resp)[h]?.required, `GET ${p} ${s} has ${h}`);
    const expected = p === "/health" && s === "503" ? "Health" : "Error";
    // A search's 404 (issue 24): the error object, or it with suggestions.
    const any = deref(resp).content?.["application/json"]?.schema?.anyOf;
    const search404 = s === "404" && any && any.length === 2 &&
      any.every((b) => ["Error", "SearchNotFound"].includes(b.$ref?.split("/").pop())) &&
      any[0].$ref !== any[1].$ref;
    check(search404 || schemaName(resp) === expected, `GET ${p} ${s} answers ${expected}`);
  }
  if ((op.parameters || []).length > 0) check(r["400"], `GET ${p} documents 400`);
}
for (const p of legacyPaths) {
  const op = doc.paths[p].get;
  check(op.deprecated === true, `GET ${p} is deprecated`);
  check(op.responses["410"] && headersOf(op.responses["410"]).Link?.required,
    `GET ${p} answers 410 with Link`);
  check(schemaName(op.responses["410"]) === "Error", `GET ${p} 410 answers Error`);
}
const error = doc.components.schemas.Error;
check(["error", "message", "code"].every((k) => error.required.includes(k)),
  "the error object requires error, message, code");

// Parameter rules of API.md.
const params = doc.components.parameters;
const rule = (name, f, what) => check(f(params[name]?.schema && deref(params[name].schema)), `${name}: ${what}`);
rule("cisPath", (s) => s.pattern === "^[0-9]{8}$", "CIS is 8 digits");
rule("cipPath", (s) => s.pattern === "^([0-9]{7}|[0-9]{13})$", "CIP is 7 or 13 digits");
rule("groupPath", (s) => s.pattern === "^[0-9]{1,9}$", "group id is 1 to 9 digits");
rule("page", (s) => s.type === "integer" && s.minimum === 1, "page is an integer from 1");
rule("pageSize", (s) => s.minimum === 1 && s.maximum === 200 && s.default === 10, "pageSize 1-200, default 10");
rule("search", (s) => s.minLength === 3 && s.maxLength === 50, "search has 3 to 50 characters");
rule("libelle", (s) => s.minLength === 3 && s.maxLength === 50, "libelle has 3 to 50 characters");

// --- the pages ----------------------------------------------------------------

const pages = ["index.html", "en/index.html", "docs/index.html"];
const external = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
function localFile(ref) {
  const u = ref.split(/[?#]/)[0];
  if (u.startsWith("/docs/swagger-ui/"))
    // tests/docs/lib-docs.sh's NODE_MODULES: not in the sources under distcheck.
    return path.join(process.env.NODE_MODULES || path.join(top, "node_modules"),
      "swagger-ui-dist", u.slice("/docs/swagger-ui/".length));
  return path.join(html, u.endsWith("/") ? u + "index.html" : u);
}
const shown = {};
for (const page of pages) {
  const text = fs.readFileSync(path.join(html, page), "utf8");
  check(/^<!DOCTYPE html>/i.test(text), `${page}: HTML5 doctype`);
  check(/<html lang="(fr|en)">/.test(text), `${page}: a lang attribute`);
  check(/<meta name="viewport"/.test(text), `${page}: a viewport for phones`);
  check(/<title>[^<]+<\/title>/.test(text), `${page}: a title`);
  check(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(text), `${page}: no inline script`);
  check(!/\sstyle=|<style/i.test(text), `${page}: no inline style`);
  // Resources the browser loads by itself: never from another site.
  const loads = [...text.matchAll(/<(script|link|img|iframe|source|video|audio|embed)\b[^>]*?\b(src|href)="([^"]*)"/gi)]
    .map((m) => [m[1].toLowerCase(), m[3]]);
  for (const [tag, ref] of loads) {
    check(!external.test(ref), `${page}: <${tag}> loads ${ref} from another site`);
    if (!external.test(ref) && ref.startsWith("/"))
      check(fs.existsSync(localFile(ref)), `${page}: ${ref} exists`);
  }
  // Local links lead somewhere.
  for (const m of text.matchAll(/<a\b[^>]*\bhref="(\/[^"#]*)/g))
    check(fs.existsSync(localFile(m[1] === "/docs" ? "/docs/" : m[1])), `${page}: link ${m[1]} exists`);
  // In-page links have their target.
  const ids = new Set([...text.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
  for (const m of text.matchAll(/\bhref="#([^"]+)"/g))
    check(ids.has(m[1]), `${page}: #${m[1]} exists`);
  // The JSON answers shown.
  shown[page] = [];
  for (const m of text.matchAll(/<code data-schema="([A-Za-z]+)">([^<]*)<\/code>/g)) {
    const json = m[2].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'").replace(/&amp;/g, "&");
    shown[page].push(json);
    let value;
    try {
      value = JSON.parse(json);
    } catch (err) {
      check(false, `${page}: the ${m[1]} example is not JSON: ${err.message}`);
      continue;
    }
    check(doc.components.schemas[m[1]], `${page}: schema ${m[1]} exists`);
    const v = validate(m[1]);
    check(v(value), `${page}: the ${m[1]} example matches the schema: ${ajv.errorsText(v.errors)}`);
  }
}
for (const css of ["assets/site.css", "docs/docs.css"]) {
  const text = fs.readFileSync(path.join(html, css), "utf8");
  for (const m of text.matchAll(/url\(\s*['"]?([^'")]+)/g))
    check(!external.test(m[1]) || m[1].startsWith("data:"), `${css}: url(${m[1]}) from another site`);
  check(!/@import|@font-face/.test(text), `${css}: no @import, no web font`);
}
check(shown["index.html"].length >= 8, `index.html shows ${shown["index.html"].length} JSON answers`);
check(JSON.stringify(shown["index.html"]) === JSON.stringify(shown["en/index.html"]),
  "the French and English pages show the same answers");

// Strict validation of the shown answers (see contract.mjs).
var ajv, validators;
function validate(name) {
  if (!ajv) {
    const strict = (node) => {
      if (Array.isArray(node)) return node.map(strict);
      if (node === null || typeof node !== "object") return node;
      const out = {};
      for (const [k, v] of Object.entries(node))
        out[k] = k === "example" || k === "examples" ? v : strict(v);
      if (out.properties && out.type === "object" && !("additionalProperties" in out))
        out.additionalProperties = false;
      return out;
    };
    ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(ajv);
    ajv.addSchema(strict(doc), "openapi");
    validators = {};
  }
  return validators[name] ??= ajv.getSchema(`openapi#/components/schemas/${name}`);
}

console.log(`${checks} checks, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
