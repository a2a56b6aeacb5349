// Contract test: real answers of the running server validate against
// html/docs/openapi.yaml.  For every operation of the document, requests
// that reach its documented statuses (200, 301, 304, 400, 404, 405, 410,
// 429, 503); each answer must
//   - have a status the operation documents,
//   - have a documented media type (and UTF-8 for JSON),
//   - carry every required header of that response, each header it carries
//     valid against the header's schema,
//   - have a body valid against the response's schema, in a strict reading:
//     an object may not hold a property the document does not name (unless
//     the schema says additionalProperties), so that nothing the server
//     sends goes undocumented.
// Parameter rules are checked both ways: the document's parameter schema
// rejects exactly the values the server answers 400 to.
//
//   node contract.mjs BASE_URL NODATA_BASE_URL OPENAPI_YAML
// BASE_URL serves the fixtures' database; NODATA_BASE_URL has no database
// and a small token bucket (it answers 503, then 429).
import fs from "node:fs";
import * as yaml from "js-yaml";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [base, nodataBase, openapiPath] = process.argv.slice(2);
if (!base || !nodataBase || !openapiPath) {
  console.error("usage: node contract.mjs BASE_URL NODATA_BASE_URL OPENAPI_YAML");
  process.exit(2);
}
const doc = yaml.load(fs.readFileSync(openapiPath, "utf8"));

// --- the document, strict --------------------------------------------------

// Every object schema that lists its properties and says nothing of others
// gets additionalProperties: false (the document has no allOf that this
// would break).
function strict(node) {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node))
    out[k] = k === "example" || k === "examples" ? v : strict(v);
  if (out.properties && typeof out.properties === "object" &&
      !("additionalProperties" in out) && (out.type === "object"))
    out.additionalProperties = false;
  return out;
}
const strictDoc = strict(doc);
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(strictDoc, "openapi");

function pointer(parts) {
  return "#/" + parts.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}
const validators = new Map();
function validatorAt(ptr) {
  if (!validators.has(ptr)) {
    const v = ajv.getSchema("openapi" + ptr);
    if (!v) throw new Error(`no schema at ${ptr}`);
    validators.set(ptr, v);
  }
  return validators.get(ptr);
}
// Follows $ref of response and header objects; returns [object, pointer].
function deref(obj, ptr) {
  while (obj && obj.$ref) {
    ptr = obj.$ref;
    obj = ptr.slice(2).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((o, k) => o[k], doc);
  }
  return [obj, ptr];
}

const operations = new Map();	// operationId -> { path, method, op, ptr }
for (const [p, item] of Object.entries(doc.paths))
  for (const [method, op] of Object.entries(item))
    if (op && op.operationId)
      operations.set(op.operationId, { path: p, method, op, ptr: ["paths", p, method] });

// --- checking one answer -----------------------------------------------------

let failures = 0, checks = 0;
const covered = new Map();	// operationId -> Set of statuses
function fail(what, detail) {
  failures++;
  console.log(`FAIL: ${what}: ${detail}`);
}

function coerce(value, schema) {
  const t = schema && schema.type;
  if ((t === "integer" || t === "number") && /^-?[0-9]+(\.[0-9]+)?$/.test(value))
    return Number(value);
  return value;
}

async function request(baseUrl, c) {
  const headers = { "accept-encoding": "gzip", ...(c.headers || {}) };
  const init = { method: c.method || "GET", headers, redirect: "manual" };
  if (init.method === "POST" || init.method === "PUT") init.body = "";
  const res = await fetch(baseUrl + c.url, init);
  const text = await res.text();
  return { res, text };
}

// check(case): runs one request and validates its answer.  A case:
//   { op, url, status, method?, headers?, base?, head?: true (HEAD of the
//     GET operation), then?: (res, body) => extra checks }
async function check(c) {
  const what = `${c.method || (c.head ? "HEAD" : "GET")} ${c.url}`;
  const o = operations.get(c.op);
  if (!o) return fail(what, `no operation ${c.op} in the document`);
  let res, text;
  try {
    ({ res, text } = await request(c.base || base, { ...c, method: c.head ? "HEAD" : c.method }));
  } catch (err) {
    return fail(what, `request failed: ${err.message}`);
  }
  checks++;
  const status = String(res.status);
  if (!covered.has(c.op)) covered.set(c.op, new Set());
  covered.get(c.op).add(status);
  if (c.status && String(c.status) !== status)
    fail(what, `status ${status}, expected ${c.status}: ${text.slice(0, 200)}`);
  const documented = o.op.responses[status] || o.op.responses.default;
  if (!documented)
    return fail(what, `status ${status} is not documented for ${c.op}`);
  const [resp, respPtr] = deref(documented,
    pointer([...o.ptr, "responses", status]));

  // Headers.
  for (const [name, h] of Object.entries(resp.headers || {})) {
    const [header, hPtr] = deref(h, respPtr + "/headers/" + name.replace(/~/g, "~0").replace(/\//g, "~1"));
    const value = res.headers.get(name);
    if (value === null) {
      if (header.required) fail(what, `required header ${name} is missing`);
      continue;
    }
    const v = validatorAt(`${hPtr}/schema`);
    if (!v(coerce(value, header.schema)))
      fail(what, `header ${name}: ${JSON.stringify(value)} ${ajv.errorsText(v.errors)}`);
  }

  // Body.
  const ctype = res.headers.get("content-type");
  if (c.head || status === "304") {
    if (text !== "") fail(what, `a ${c.head ? "HEAD" : "304"} answer has a body`);
  } else if (resp.content) {
    const mt = (ctype || "").split(";")[0].trim();
    if (!resp.content[mt]) {
      fail(what, `media type ${ctype} is not one of ${Object.keys(resp.content).join(", ")}`);
    } else if (mt === "application/json") {
      if (!/charset=utf-8/i.test(ctype)) fail(what, `JSON without charset=utf-8: ${ctype}`);
      let body;
      try {
        body = JSON.parse(text);
      } catch (err) {
        return fail(what, `body is not JSON: ${text.slice(0, 200)}`);
      }
      const v = validatorAt(`${respPtr}/content/application~1json/schema`);
      if (!v(body))
        fail(what, `body does not match the schema: ${ajv.errorsText(v.errors, { separator: "; " })}`);
      if (c.then) c.then(res, body, what);
    } else if (c.then) {
      c.then(res, text, what);
    }
  } else if (text !== "" && status !== "301") {
    fail(what, `undocumented body: ${text.slice(0, 100)}`);
  }
  return res;
}

// paramRule(op, name, value, serverSays400): the document's schema for the
// parameter agrees with the server on the value.
function paramRule(opId, name, value, rejected) {
  const o = operations.get(opId);
  const i = (o.op.parameters || []).findIndex((p) => deref(p)[0].name === name);
  if (i < 0) return fail(`${opId} ${name}`, "no such parameter in the document");
  const [param, ptr] = deref(o.op.parameters[i], pointer([...o.ptr, "parameters", i]));
  const v = validatorAt(`${ptr}/schema`);
  const ok = v(coerce(value, param.schema));
  checks++;
  if (ok === rejected)
    fail(`${opId} ${name}=${JSON.stringify(value)}`,
      `the server ${rejected ? "rejects" : "accepts"} it, the document's schema ${ok ? "accepts" : "rejects"} it`);
}

// --- what the fixtures hold --------------------------------------------------

const first = await (await fetch(`${base}/v1/medicaments?page=1&pageSize=200`)).json();
if (!first || !Array.isArray(first.data) || first.data.length === 0) {
  console.log("FAIL: the server has no medicaments on page 1");
  process.exit(1);
}
const meds = first.data;
const med = meds.find((m) => m.cis === 60002283) ||
  meds.find((m) => m.presentation.length > 0 && m.generiques.length > 0) || meds[0];
const cis = String(med.cis).padStart(8, "0");
const pres = (meds.find((m) => m.presentation.length > 0) || {}).presentation?.[0];
const withGroup = meds.find((m) => m.generiques.length > 0);
const group = withGroup ? withGroup.generiques[0].group : 1;
const word = med.elementPharmaceutique.split(/[^\p{L}\p{N}]+/u).find((w) => w.length >= 4);
const groupWord = (withGroup ? withGroup.generiques[0].libelle : "CIMETIDINE")
  .split(/[^\p{L}\p{N}]+/u).find((w) => w.length >= 4);
console.log(`fixtures: CIS ${cis}, CIP13 ${pres?.cip13}, CIP7 ${pres?.cip7}, group ${group}, ` +
  `search "${word}", libelle "${groupWord}"`);

// --- the cases -----------------------------------------------------------------

const cases = [];
const add = (c) => cases.push(c);

// /health
add({ op: "getHealth", url: "/health", status: 200 });

// /v1/medicaments
add({ op: "findMedicaments", url: "/v1/medicaments?page=1", status: 200,
  then: (r, b, w) => { if (b.pageSize !== 10) fail(w, `default pageSize ${b.pageSize}`); } });
add({ op: "findMedicaments", url: "/v1/medicaments?page=1&pageSize=3", status: 200 });
add({ op: "findMedicaments", url: `/v1/medicaments?search=${encodeURIComponent(word.toLowerCase())}`, status: 200,
  then: (r, b, w) => { if (!Array.isArray(b) || !b.some((m) => m.cis === med.cis)) fail(w, `CIS ${cis} not found`); } });
add({ op: "findMedicaments", url: `/v1/medicaments?cis=${cis}`, status: 200 });
if (pres) {
  add({ op: "findMedicaments", url: `/v1/medicaments?cip=${pres.cip13}`, status: 200 });
  add({ op: "findMedicaments", url: `/v1/medicaments?cip=${String(pres.cip7).padStart(7, "0")}`, status: 200 });
}
for (const q of ["", `cis=${cis}&search=${word}`, "page=1&cis=" + cis, "pageSize=5",
  "page=0", "page=abc", "page=1&pageSize=0", "page=1&pageSize=201", "cis=123",
  "cip=12345678", "search=ab", "search=a..b", "search=un+deux+trois+quatre+cinq+six+sept",
  "search=%ZZ", "search=%C3", "search=" + "a".repeat(51), "search=<script>"])
  add({ op: "findMedicaments", url: `/v1/medicaments${q ? "?" + q : ""}`, status: 400 });
add({ op: "findMedicaments", url: "/v1/medicaments?search=zzzzzz", status: 404 });
add({ op: "findMedicaments", url: "/v1/medicaments?page=99999", status: 404 });
add({ op: "findMedicaments", url: "/v1/medicaments?cis=10000000", status: 404 });
add({ op: "findMedicaments", url: "/v1/medicaments?cip=3400000000000", status: 404 });

// /v1/medicaments/{cis}, with HEAD, 304 and 405
add({ op: "getMedicament", url: `/v1/medicaments/${cis}`, status: 200, keepAs: "medicament" });
add({ op: "getMedicament", url: `/v1/medicaments/${cis}`, status: 200, head: true });
add({ op: "getMedicament", url: `/v1/medicaments/${cis}`, status: 304, conditional: "medicament" });
add({ op: "getMedicament", url: `/v1/medicaments/${cis}`, status: 304, conditional: "medicament", since: true });
add({ op: "getMedicament", url: "/v1/medicaments/6000228", status: 400 });
add({ op: "getMedicament", url: "/v1/medicaments/600022830", status: 400 });
add({ op: "getMedicament", url: "/v1/medicaments/10000000", status: 404 });
add({ op: "getMedicament", url: `/v1/medicaments/${cis}`, status: 405, method: "DELETE" });

// /v1/medicaments/export
add({ op: "exportMedicaments", url: "/v1/medicaments/export", status: 200, keepAs: "export",
  then: (r, b, w) => {
    if (r.headers.get("content-encoding") !== "gzip") fail(w, "the export is not gzipped for a client that accepts gzip");
    if (b.length !== first.totalItems) fail(w, `${b.length} medicaments, page 1 says ${first.totalItems}`);
  } });
add({ op: "exportMedicaments", url: "/v1/medicaments/export", status: 304, conditional: "export" });

// /v1/database: the SQLite file, sent by lighttpd (Range is its own)
add({ op: "getDatabase", url: "/v1/database", status: 200,
  then: (r, text, w) => {
    if (!text.startsWith("SQLite format 3\0")) fail(w, "not an SQLite file");
    if (r.headers.get("accept-ranges") !== "bytes") fail(w, "no Accept-Ranges: bytes");
  } });
// A range is over the bytes of the form sent: the plain file's here (fetch
// would decode a gzip one's part, which is no whole member).
add({ op: "getDatabase", url: "/v1/database", status: 206,
  headers: { range: "bytes=0-15", "accept-encoding": "identity" },
  then: (r, text, w) => { if (text !== "SQLite format 3\0") fail(w, "not the file's first 16 bytes"); } });
add({ op: "getDatabase", url: "/v1/database", status: 416,
  headers: { range: "bytes=999999999-", "accept-encoding": "identity" } });
add({ op: "getDatabase", url: "/v1/database", status: 200, headers: { "accept-encoding": "zstd" },
  then: (r, text, w) => {
    if (r.headers.get("content-encoding") !== "zstd") fail(w, "not zstd");
  } });
add({ op: "getDatabase", url: "/v1/database", status: 416,
  headers: { range: "bytes=999999999-", "accept-encoding": "zstd" } });
add({ op: "getDatabase", url: "/v1/database", status: 406,
  headers: { "accept-encoding": "br, identity;q=0" } });

// /v1/generiques
add({ op: "findGeneriques", url: `/v1/generiques?libelle=${encodeURIComponent(groupWord.toLowerCase())}`, status: 200 });
add({ op: "findGeneriques", url: `/v1/generiques?group=${group}`, status: 200 });
for (const q of ["", `group=${group}&libelle=${groupWord}`, "group=abc", "group=1234567890",
  "libelle=ab", "libelle=a..b"])
  add({ op: "findGeneriques", url: `/v1/generiques${q ? "?" + q : ""}`, status: 400 });
add({ op: "findGeneriques", url: "/v1/generiques?libelle=zzzzzz", status: 404 });
add({ op: "findGeneriques", url: "/v1/generiques?group=999999999", status: 404 });

// /v1/generiques/{groupID}
add({ op: "getGenerique", url: `/v1/generiques/${group}`, status: 200, keepAs: "generique" });
add({ op: "getGenerique", url: `/v1/generiques/${group}`, status: 304, conditional: "generique" });
add({ op: "getGenerique", url: "/v1/generiques/abc", status: 400 });
add({ op: "getGenerique", url: "/v1/generiques/1234567890", status: 400 });
add({ op: "getGenerique", url: "/v1/generiques/999999999", status: 404 });

// /v1/presentations
if (pres) {
  add({ op: "findPresentation", url: `/v1/presentations?cip=${pres.cip13}`, status: 200 });
  add({ op: "getPresentation", url: `/v1/presentations/${pres.cip13}`, status: 200, keepAs: "presentation" });
  add({ op: "getPresentation", url: `/v1/presentations/${String(pres.cip7).padStart(7, "0")}`, status: 200 });
  add({ op: "getPresentation", url: `/v1/presentations/${pres.cip13}`, status: 304, conditional: "presentation" });
}
add({ op: "findPresentation", url: "/v1/presentations", status: 400 });
add({ op: "findPresentation", url: "/v1/presentations?cip=12345678", status: 400 });
add({ op: "findPresentation", url: "/v1/presentations?cip=3400000000000", status: 404 });
add({ op: "getPresentation", url: "/v1/presentations/12345678", status: 400 });
add({ op: "getPresentation", url: "/v1/presentations/3400000000000", status: 404 });

// /v1/medicaments/{cis}/avis, .../informations, /v1/substances
add({ op: "getAvis", url: `/v1/medicaments/${cis}/avis`, status: 200, keepAs: "avis" });
add({ op: "getAvis", url: "/v1/medicaments/60058620/avis", status: 200 });
add({ op: "getAvis", url: `/v1/medicaments/${cis}/avis`, status: 304, conditional: "avis" });
add({ op: "getAvis", url: "/v1/medicaments/6000228/avis", status: 400 });
add({ op: "getAvis", url: "/v1/medicaments/60000000/avis", status: 404 });
add({ op: "getInformations", url: "/v1/medicaments/67535309/informations", status: 200, keepAs: "informations" });
add({ op: "getInformations", url: "/v1/medicaments/60058620/informations?actives=true", status: 200 });
add({ op: "getInformations", url: `/v1/medicaments/${cis}/informations?actives=false`, status: 200 });
add({ op: "getInformations", url: "/v1/medicaments/67535309/informations", status: 304, conditional: "informations" });
add({ op: "getInformations", url: `/v1/medicaments/${cis}/informations?actives=oui`, status: 400 });
add({ op: "getInformations", url: "/v1/medicaments/6000228/informations", status: 400 });
add({ op: "getInformations", url: "/v1/medicaments/60000000/informations", status: 404 });
add({ op: "findSubstances", url: "/v1/substances?search=palip%C3%A9ridone", status: 200, keepAs: "substances" });
add({ op: "findSubstances", url: "/v1/substances?search=palip%C3%A9ridone", status: 304, conditional: "substances" });
for (const q of ["", "search=ab", "search=a..b"])
  add({ op: "findSubstances", url: `/v1/substances${q ? "?" + q : ""}`, status: 400 });
add({ op: "findSubstances", url: "/v1/substances?search=zzzzzz", status: 404 });
add({ op: "getSubstance", url: "/v1/substances/19944", status: 200, keepAs: "substance" });
add({ op: "getSubstance", url: "/v1/substances/19944?page=2&pageSize=1", status: 200 });
add({ op: "getSubstance", url: "/v1/substances/19944", status: 304, conditional: "substance" });
for (const q of ["abc", "1234567890", "19944?page=0", "19944?pageSize=5", "19944?page=1&pageSize=201"])
  add({ op: "getSubstance", url: `/v1/substances/${q}`, status: 400 });
add({ op: "getSubstance", url: "/v1/substances/999999999", status: 404 });
add({ op: "getSubstance", url: "/v1/substances/19944?page=3", status: 404 });

// /v1/disponibilites, /v1/mitm and their per-CIS lists
add({ op: "findDisponibilites", url: "/v1/disponibilites", status: 200, keepAs: "disponibilites" });
add({ op: "findDisponibilites", url: "/v1/disponibilites", status: 304, conditional: "disponibilites" });
for (const q of ["statut=1", "statut=3&page=1&pageSize=200", "cis=60002283", "cis=60002283&statut=4",
  "cis=60000001", "page=2&pageSize=3", "cis=60058620"])
  add({ op: "findDisponibilites", url: `/v1/disponibilites?${q}`, status: 200 });
for (const q of ["statut=5", "statut=0", "statut=x", "cis=123", "page=0", "pageSize=5", "page=1&pageSize=201"])
  add({ op: "findDisponibilites", url: `/v1/disponibilites?${q}`, status: 400 });
add({ op: "findDisponibilites", url: "/v1/disponibilites?page=99", status: 404 });
add({ op: "getDisponibilites", url: "/v1/medicaments/60002283/disponibilites", status: 200, keepAs: "dispoCis" });
add({ op: "getDisponibilites", url: "/v1/medicaments/60002283/disponibilites", status: 304, conditional: "dispoCis" });
add({ op: "getDisponibilites", url: "/v1/medicaments/60000001/disponibilites", status: 200 });
add({ op: "getDisponibilites", url: "/v1/medicaments/60058620/disponibilites", status: 200,
  then: (r, b, w) => { if (!Array.isArray(b) || b.length !== 0) fail(w, "a medicament without shortage: not []"); } });
add({ op: "getDisponibilites", url: "/v1/medicaments/6000228/disponibilites", status: 400 });
add({ op: "getDisponibilites", url: "/v1/medicaments/60000000/disponibilites", status: 404 });
add({ op: "findMitm", url: "/v1/mitm", status: 200, keepAs: "mitm" });
add({ op: "findMitm", url: "/v1/mitm", status: 304, conditional: "mitm" });
for (const q of ["atc=N05AX", "atc=n0", "atc=Z99", "atc=L&page=2&pageSize=2"])
  add({ op: "findMitm", url: `/v1/mitm?${q}`, status: 200 });
for (const q of ["atc=N02-BE", "atc=N02BE01X", "atc=%C3%A9", "page=0", "pageSize=5"])
  add({ op: "findMitm", url: `/v1/mitm?${q}`, status: 400 });
add({ op: "findMitm", url: "/v1/mitm?page=99", status: 404 });
add({ op: "getMitm", url: "/v1/medicaments/60002283/mitm", status: 200, keepAs: "mitmCis" });
add({ op: "getMitm", url: "/v1/medicaments/60002283/mitm", status: 304, conditional: "mitmCis" });
add({ op: "getMitm", url: "/v1/medicaments/61478851/mitm", status: 200 });
add({ op: "getMitm", url: "/v1/medicaments/60000002/mitm", status: 200 });
add({ op: "getMitm", url: "/v1/medicaments/6000228/mitm", status: 400 });
add({ op: "getMitm", url: "/v1/medicaments/60000000/mitm", status: 404 });

// The change feed (issue 25).  The fixtures' database is a first
// publication: no history, so empty answers of the documented shapes.
const message = (text) => (r, b, w) => {
  if (b.message !== text) fail(w, `message ${JSON.stringify(b.message)}, expected ${JSON.stringify(text)}`);
};
const badSince = message("Invalid since: use a date (2026-12-01) or a date-time (2026-12-01T06:00:00Z)");
const badType = message("Invalid type: rupture. Valid types: added, removed, fields, presentations, " +
  "prices, commercialisation, composition, generiques, conditions, avis, informations, " +
  "shortageStarted, shortageUpdated, shortageEnded, mitmIn, mitmOut, groupAdded, groupRemoved, " +
  "shortages, mitm, groups");
const badChange = message("Invalid change: use added, removed or modified");
add({ op: "findChanges", url: "/v1/changes", status: 200, keepAs: "changes",
  then: (r, b, w) => { if (b.page !== 1 || b.pageSize !== 10) fail(w, `page ${b.page}, pageSize ${b.pageSize}`); } });
add({ op: "findChanges", url: "/v1/changes", status: 304, conditional: "changes" });
for (const q of ["since=2026-12-01", "since=2026-12-01T06:00:00Z", "since=2026-12-01T06:00:00",
  "since=2026-12-01T06:00:00.250%2B01:00", "since=2026-12-01T06:00:00-05:00",
  "type=shortages,prices", "type=groupAdded", "change=modified", "page=1&pageSize=200",
  "since=2026-12-01&type=mitm&change=added&page=1&pageSize=5"])
  add({ op: "findChanges", url: `/v1/changes?${q}`, status: 200 });
add({ op: "findChanges", url: "/v1/changes?since=01/12/2026", status: 400, then: badSince });
add({ op: "findChanges", url: "/v1/changes?since=2026-12-01T06:00", status: 400, then: badSince });
add({ op: "findChanges", url: "/v1/changes?type=rupture", status: 400, then: badType });
add({ op: "findChanges", url: "/v1/changes?change=deleted", status: 400, then: badChange });
for (const q of ["page=0", "pageSize=5", "page=1&pageSize=201"])
  add({ op: "findChanges", url: `/v1/changes?${q}`, status: 400 });
add({ op: "findChanges", url: "/v1/changes?page=99", status: 404 });
add({ op: "getMedicamentChanges", url: `/v1/medicaments/${cis}/changes`, status: 200, keepAs: "changesCis",
  then: (r, b, w) => { if (!Array.isArray(b) || b.length !== 0) fail(w, "a first publication's medicament: not []"); } });
add({ op: "getMedicamentChanges", url: `/v1/medicaments/${cis}/changes`, status: 304, conditional: "changesCis" });
add({ op: "getMedicamentChanges", url: "/v1/medicaments/6000228/changes", status: 400 });
add({ op: "getMedicamentChanges", url: "/v1/medicaments/60000000/changes", status: 404 });
add({ op: "findPublications", url: "/v1/publications", status: 200, keepAs: "publications",
  then: (r, b, w) => { if (!Array.isArray(b) || b.length !== 0) fail(w, "a first publication: not []"); } });
add({ op: "findPublications", url: "/v1/publications", status: 304, conditional: "publications" });
const atom = (r, text, w) => {
  if (!/^application\/atom\+xml; *charset=utf-8$/i.test(r.headers.get("content-type") || ""))
    fail(w, `Content-Type ${r.headers.get("content-type")}`);
  if (!/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/.test(text) ||
      !/<id>tag:medicaments-api,2026:changes[^<]*<\/id>/.test(text) || !/<updated>[^<]+<\/updated>/.test(text))
    fail(w, `not an Atom feed: ${text.slice(0, 200)}`);
};
add({ op: "getChangesFeed", url: "/v1/changes.atom", status: 200, keepAs: "atom", then: atom });
add({ op: "getChangesFeed", url: "/v1/changes.atom", status: 304, conditional: "atom" });
add({ op: "getChangesFeed", url: "/v1/changes.atom?type=shortages&since=2026-12-01", status: 200, then: atom });
add({ op: "getChangesFeed", url: "/v1/changes.atom?since=yesterday", status: 400, then: badSince });
add({ op: "getChangesFeed", url: "/v1/changes.atom?type=rupture", status: 400, then: badType });
add({ op: "getChangesFeed", url: "/v1/changes.atom?change=deleted", status: 400, then: badChange });

// /v1/diagnostics, /metrics (public port: 404)
add({ op: "getDiagnostics", url: "/v1/diagnostics", status: 200 });
add({ op: "getMetrics", url: "/metrics", status: 404 });

// The documentation
add({ op: "getHomePage", url: "/", status: 200 });
add({ op: "getSwaggerUi", url: "/docs" });
add({ op: "getSwaggerUi", url: "/docs/", status: 200 });
add({ op: "getOpenApiDocument", url: "/docs/openapi.yaml", status: 200,
  then: (r, text, w) => {
    if (text !== fs.readFileSync(openapiPath, "utf8")) fail(w, "not the file html/docs/openapi.yaml");
  } });

// Legacy paths: 410 and their successor
const legacy = [
  ["legacyDatabase", "/database", "/v1/medicaments/export"],
  ["legacyDatabasePage", "/database/2", "/v1/medicaments?page=2"],
  ["legacyMedicamentByName", "/medicament/anastrozole", "/v1/medicaments?search=anastrozole"],
  ["legacyMedicamentById", `/medicament/id/${cis}`, `/v1/medicaments/${cis}`],
  ["legacyGeneriquesByLibelle", "/generiques/cimetidine", "/v1/generiques?libelle=cimetidine"],
  ["legacyGeneriquesByGroup", "/generiques/group/1", "/v1/generiques/1"],
];
for (const [op, url, successor] of legacy)
  add({ op, url, status: 410, then: (r, b, w) => {
    const link = r.headers.get("link");
    if (link !== `<${successor}>; rel="successor-version"`) fail(w, `Link: ${link}, expected <${successor}>`);
  } });

// --- run -------------------------------------------------------------------------

const kept = {};
for (const c of cases) {
  if (c.conditional) {
    const prev = kept[c.conditional];
    if (!prev) { fail(c.url, `no earlier answer ${c.conditional}`); continue; }
    c.headers = c.since
      ? { "if-modified-since": prev.headers.get("last-modified") }
      : { "if-none-match": prev.headers.get("etag") };
  }
  const res = await check(c);
  if (c.keepAs && res) kept[c.keepAs] = res;
  // Every 200 that the document says can be revalidated: its ETag gives 304.
  const o = operations.get(c.op);
  // (Not the diagnostics: they change every second.)
  if (res && res.status === 200 && !c.head && o && o.op.responses["304"] &&
      c.op !== "getDiagnostics" &&
      res.headers.get("etag") && !c.conditional)
    await check({ op: c.op, url: c.url, status: 304,
      headers: { "if-none-match": res.headers.get("etag") } });
}

// Parameter rules: what the server rejects, the document rejects.
const rules = [
  ["getMedicament", "cis", cis, false], ["getMedicament", "cis", "6000228", true],
  ["getMedicament", "cis", "600022830", true], ["getMedicament", "cis", "6000228a", true],
  ["findMedicaments", "page", "1", false], ["findMedicaments", "page", "0", true],
  ["findMedicaments", "page", "abc", true], ["findMedicaments", "pageSize", "200", false],
  ["findMedicaments", "pageSize", "201", true], ["findMedicaments", "pageSize", "0", true],
  ["findMedicaments", "search", "ibuprofène 400", false], ["findMedicaments", "search", "IBUPROFENE", false],
  ["findMedicaments", "search", "l’œil d'or 1/2 a-b. c,d", false],
  ["findMedicaments", "search", "ab", true], ["findMedicaments", "search", "a..b", true],
  ["findMedicaments", "search", "un deux trois quatre cinq six", false],
  ["findMedicaments", "search", "un deux trois quatre cinq six sept", true],
  ["findMedicaments", "search", "a".repeat(50), false], ["findMedicaments", "search", "a".repeat(51), true],
  ["findMedicaments", "search", "<script>", true], ["findMedicaments", "search", "abc;def", true],
  ["findMedicaments", "cip", "3400949497294", false], ["findMedicaments", "cip", "4949729", false],
  ["findMedicaments", "cip", "12345678", true], ["getGenerique", "groupID", "1", false],
  ["getGenerique", "groupID", "123456789", false], ["getGenerique", "groupID", "1234567890", true],
  ["getGenerique", "groupID", "abc", true], ["findGeneriques", "libelle", "cimétidine", false],
  ["findDisponibilites", "statut", "1", false], ["findDisponibilites", "statut", "4", false],
  ["findDisponibilites", "statut", "5", true], ["findDisponibilites", "statut", "01", true],
  ["findDisponibilites", "cis", "60002283", false], ["findDisponibilites", "cis", "6000228", true],
  ["findMitm", "atc", "N02BE", false], ["findMitm", "atc", "n", false],
  ["findMitm", "atc", "N02BE01X", true], ["findMitm", "atc", "N02 BE", true],
  ["findChanges", "since", "2026-12-01", false], ["findChanges", "since", "2026-12-01T06:00:00Z", false],
  ["findChanges", "since", "2026-12-01T06:00:00", false],
  ["findChanges", "since", "2026-12-07T06:00:04+01:00", false],
  ["findChanges", "since", "2026-12-01T06:00:00.5Z", false],
  ["findChanges", "since", "01/12/2026", true], ["findChanges", "since", "2026-12", true],
  ["findChanges", "since", "2026-12-01 06:00:00", true],
  ["findChanges", "type", "prices", false], ["findChanges", "type", "shortages,prices,groups", false],
  ["findChanges", "type", "rupture", true], ["findChanges", "type", "prices,rupture", true],
  ["findChanges", "change", "modified", false], ["findChanges", "change", "deleted", true],
  ["getChangesFeed", "type", "shortageStarted", false], ["getChangesFeed", "since", "2026-12-01", false],
];
for (const [op, name, value, rejected] of rules) {
  // The server's word on the value, asked with the parameter alone.
  const o = operations.get(op);
  let url;
  if (o.path.includes(`{${name}}`)) url = o.path.replace(`{${name}}`, encodeURIComponent(value));
  else url = `${o.path}?${name === "pageSize" ? "page=1&" : ""}${name}=${encodeURIComponent(value)}`;
  const res = await fetch(base + url, { redirect: "manual" });
  await res.arrayBuffer();
  if ((res.status === 400) !== rejected)
    fail(`${op} ${name}=${JSON.stringify(value)}`, `the server answers ${res.status}; the test expected ${rejected ? 400 : "not 400"}`);
  paramRule(op, name, value, res.status === 400);
}

// One URL per operation, for the sweeps below.
const sample = {
  getHealth: "/health",
  findMedicaments: "/v1/medicaments?page=1",
  getMedicament: `/v1/medicaments/${cis}`,
  exportMedicaments: "/v1/medicaments/export",
  getDatabase: "/v1/database",
  findGeneriques: `/v1/generiques?group=${group}`,
  getGenerique: `/v1/generiques/${group}`,
  findPresentation: `/v1/presentations?cip=${pres ? pres.cip13 : "3400949497294"}`,
  getPresentation: `/v1/presentations/${pres ? pres.cip13 : "3400949497294"}`,
  getDiagnostics: "/v1/diagnostics",
  findDisponibilites: "/v1/disponibilites",
  getDisponibilites: `/v1/medicaments/${cis}/disponibilites`,
  findMitm: "/v1/mitm",
  getMitm: `/v1/medicaments/${cis}/mitm`,
  getAvis: `/v1/medicaments/${cis}/avis`,
  getInformations: `/v1/medicaments/${cis}/informations`,
  findSubstances: "/v1/substances?search=anastrozole",
  getSubstance: "/v1/substances/42215",
  findChanges: "/v1/changes",
  getMedicamentChanges: `/v1/medicaments/${cis}/changes`,
  findPublications: "/v1/publications",
  getChangesFeed: "/v1/changes.atom",
  legacyDatabase: "/database",
  legacyDatabasePage: "/database/2",
  legacyMedicamentByName: "/medicament/anastrozole",
  legacyMedicamentById: `/medicament/id/${cis}`,
  legacyGeneriquesByLibelle: "/generiques/cimetidine",
  legacyGeneriquesByGroup: "/generiques/group/1",
};

// Any other method: 405, wherever the document says so.
for (const [op, url] of Object.entries(sample))
  if (operations.get(op).op.responses["405"])
    await check({ op, url, status: 405, method: "POST" });

// No data: 503 (NODATA_BASE_URL has no database).
await check({ base: nodataBase, op: "getHealth", url: "/health", status: 503,
  then: (r, b, w) => { if (b.status !== "unhealthy") fail(w, `status ${b.status}`); } });
for (const [op, url] of Object.entries(sample))
  if (op !== "getHealth" && operations.get(op).op.responses["503"])
    await check({ base: nodataBase, op, url, status: 503 });

// An empty bucket: 429 for everything the worker answers.  Before each
// check, /health (5 tokens) until it is refused: the bucket then holds less
// than any request costs, and NODATA_BASE_URL refills it slowly.
async function drain() {
  try {
    for (let i = 0; i < 500; i++) {
      const { res } = await request(nodataBase, { url: "/health" });
      if (res.status === 429) return true;
    }
  } catch (err) {
    console.log(`drain: ${err.message}`);
  }
  return false;
}
for (const [op, url] of Object.entries(sample)) {
  if (!operations.get(op).op.responses["429"]) continue;
  if (!await drain()) { fail("rate limit", "no 429 after 500 requests"); break; }
  await check({ base: nodataBase, op, url, status: 429 });
}

// --- coverage ----------------------------------------------------------------------

for (const [id, o] of operations) {
  const got = covered.get(id);
  if (!got) { fail(id, "no request exercised this operation"); continue; }
  const missing = Object.keys(o.op.responses).filter((s) => !got.has(s));
  console.log(`ok: ${id}: ${[...got].sort().join(" ")}` +
    (missing.length ? `  (not reached: ${missing.join(" ")})` : ""));
}
console.log(`${checks} checks, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
