// Opens the documentation in Debian's headless Chromium (playwright-core,
// never a browser downloaded by a test tool) and checks what a reader
// sees:
//   - "/" and "/en/" render with no console error, no failed request and no
//     request to another origin, in both languages, also on a phone-sized
//     screen without sideways scrolling;
//   - "/docs" (Swagger UI) lists every operation of openapi.yaml;
//   - "Try it out" on the CIS lookup answers 200 with the drug's name;
//   - each page says its Content-Security-Policy (with frame-ancestors)
//     in its headers, and nothing of any page violates it.
// Screenshots go to OUTPUT_DIR for a person to look at.
//
//   node browser.mjs BASE_URL OPENAPI_YAML OUTPUT_DIR
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as yaml from "js-yaml";
import { chromium } from "playwright-core";

const { chromiumOptions } = await import(
  pathToFileURL(path.join(process.env.DOCS_DIR, "chromium.mjs")));

const [base, openapiPath, outDir] = process.argv.slice(2);
if (!base || !openapiPath || !outDir) {
  console.error("usage: node browser.mjs BASE_URL OPENAPI_YAML OUTPUT_DIR");
  process.exit(2);
}
const origin = new URL(base).origin;
const doc = yaml.load(fs.readFileSync(openapiPath, "utf8"));
fs.mkdirSync(outDir, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok" : "FAIL"}: ${what}`);
  if (!ok) failures++;
}

// A drug of the database the server answers from: the example's CIS when
// the database has it, else the first one of page 1.
async function pickDrug() {
  for (const url of [`${base}/v1/medicaments/60002283`,
    `${base}/v1/medicaments?page=1&pageSize=1`]) {
    const res = await fetch(url);
    if (res.status !== 200) continue;
    const body = await res.json();
    const m = Array.isArray(body.data) ? body.data[0] : body;
    return { cis: String(m.cis).padStart(8, "0"), name: m.elementPharmaceutique };
  }
  throw new Error("the server has no drug to look up");
}

// Run in every document before its own scripts: each Content-Security-
// Policy violation, as the page sees it (securitypolicyviolation), is
// written to the console, where watch() finds it.
function reportViolations() {
  document.addEventListener("securitypolicyviolation", (e) =>
    console.error(`CSP violation: ${e.effectiveDirective} refused ` +
      `${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`));
}
const cspMessage = /CSP violation|Content Security Policy|Refused to/i;

// Every console error, page error, failed request, HTTP error and request
// to another origin of one page's life; CSP violations (problems.csp) apart.
function watch(page) {
  const problems = [];
  problems.csp = [];
  page.on("console", (msg) => {
    if (cspMessage.test(msg.text())) problems.csp.push(`${msg.type()}: ${msg.text()}`);
    else if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) =>
    problems.push(`failed request: ${req.url()} (${req.failure()?.errorText})`));
  page.on("request", (req) => {
    const u = new URL(req.url());
    if (u.protocol !== "data:" && u.origin !== origin)
      problems.push(`request to another origin: ${req.url()}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

function report(problems, what) {
  check(problems.length === 0, `${what}: no console error, no failed request`);
  for (const p of problems) console.log(`    ${p}`);
  check(problems.csp.length === 0, `${what}: no Content-Security-Policy violation`);
  for (const p of problems.csp) console.log(`    ${p}`);
}

// The page's answer says a policy of its own in its headers (lighttpd.conf:
// a <meta> cannot say frame-ancestors), framing forbidden.
function checkPolicy(res, url) {
  const h = res ? res.headers() : {};
  const csp = h["content-security-policy"] || "";
  check(/default-src 'none'/.test(csp) && /script-src 'self'/.test(csp) &&
    /frame-ancestors 'none'/.test(csp), `${url} says its policy: ${csp}`);
  check(h["x-frame-options"] === "DENY" && h["x-content-type-options"] === "nosniff" &&
    Boolean(h["referrer-policy"]), `${url}: X-Frame-Options, nosniff, Referrer-Policy`);
}

async function checkHome(context, url, lang, name) {
  const page = await context.newPage();
  const problems = watch(page);
  const res = await page.goto(url, { waitUntil: "load" });
  check(res && res.status() === 200, `${url} answers 200`);
  checkPolicy(res, url);
  check(await page.getAttribute("html", "lang") === lang, `${url} has lang="${lang}"`);
  const h1 = (await page.textContent("h1")) || "";
  check(h1.trim().length > 0, `${url} has a title: ${h1.trim()}`);
  // Every endpoint of the API is shown.
  const text = await page.textContent("main");
  for (const p of ["/v1/medicaments/{cis}", "/v1/medicaments?search=",
    "/v1/medicaments?page=", "/v1/medicaments/export", "/v1/generiques/{groupID}",
    "/v1/generiques?libelle=", "/v1/presentations/{cip}", "/health",
    "/v1/diagnostics", "X-RateLimit-Remaining", "Retry-After",
    "Licence Ouverte", "ANSM", "HAS", "UNCAM", "60002283", "3400949497294"])
    check(text.includes(p), `${url} mentions ${p}`);
  // The examples show this server's address once the page's script ran.
  const origins = await page.$$eval("span.origin", (s) => s.map((e) => e.textContent));
  check(origins.length > 0 && origins.every((o) => o === origin),
    `${url}: the examples show ${origin}`);
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
  report(problems, url);
  await page.close();
}

async function checkPhone(context, url, name) {
  // A persistent context cannot emulate a phone; a narrow viewport is what
  // the page's CSS sees of one.
  const page = await context.newPage();
  await page.setViewportSize({ width: 375, height: 740 });
  const problems = watch(page);
  await page.goto(url, { waitUntil: "load" });
  const wide = await page.evaluate(() =>
    document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(wide <= 0, `${url} on a 375 px screen: no sideways scrolling (${wide} px too wide)`);
  await page.screenshot({ path: path.join(outDir, `${name}.png`) });
  report(problems, `${url} (phone)`);
  await page.close();
}

async function checkLanguageToggle(context) {
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(`${base}/`, { waitUntil: "load" });
  await page.click('header a[hreflang="en"]');
  await page.waitForLoadState("load");
  check(new URL(page.url()).pathname === "/en/" &&
    await page.getAttribute("html", "lang") === "en",
    "the English link of / leads to /en/ in English");
  await page.click('header a[hreflang="fr"]');
  await page.waitForLoadState("load");
  check(new URL(page.url()).pathname === "/" &&
    await page.getAttribute("html", "lang") === "fr",
    "the French link of /en/ leads back to /");
  report(problems, "language toggle");
  await page.close();
}

async function checkSwagger(context, drug) {
  const page = await context.newPage();
  const problems = watch(page);
  // What went wrong is reported even when a step times out (a policy
  // too strict stops Swagger UI before it shows anything).
  try {
    const res = await page.goto(`${base}/docs`, { waitUntil: "load" });
    check(res && res.status() === 200, "/docs answers 200");
    checkPolicy(res, "/docs");
    await page.waitForSelector(".opblock", { timeout: 60000 });
    const expected = [];
    for (const item of Object.values(doc.paths))
      for (const [method, op] of Object.entries(item))
        if (op && op.operationId) expected.push(op.operationId);
    const shown = await page.$$eval(".opblock .opblock-summary-operation-id",
      (els) => els.map((e) => e.textContent.trim()));
    const missing = expected.filter((id) => !shown.includes(id));
    check(missing.length === 0,
      `/docs lists all ${expected.length} operations` +
      (missing.length ? ` (missing: ${missing.join(", ")})` : ""));
    check(shown.length === expected.length,
      `/docs lists no other operation (${shown.length} shown)`);
    await page.screenshot({ path: path.join(outDir, "docs.png"), fullPage: true });

    // Try it out: the CIS lookup.
    const block = page.locator(".opblock", {
      has: page.locator(".opblock-summary-operation-id", { hasText: /^getMedicament$/ }),
    });
    await block.locator(".opblock-summary").first().click();
    await block.locator("button.try-out__btn").click();
    const input = block.locator('tr[data-param-name="cis"] input');
    await input.fill(drug.cis);
    await block.locator("button.execute").click();
    const status = block.locator(".live-responses-table tbody .response-col_status").first();
    await status.waitFor({ timeout: 60000 });
    const code = (await status.textContent()).trim();
    check(code.startsWith("200"), `Try it out on getMedicament(${drug.cis}) answers 200 (got ${code})`);
    const body = block.locator(".live-responses-table .response-col_description .microlight, " +
      ".live-responses-table .response-col_description pre").first();
    await body.waitFor({ timeout: 60000 });
    const shownBody = await body.textContent();
    check(shownBody.includes(drug.name),
      `Try it out shows the drug's name: ${drug.name}`);
    // From the operation's title to the live answer, not the documented
    // responses below it.
    // (boundingBox() is relative to the viewport, a full-page clip to the page.)
    const scrollY = await page.evaluate(() => window.scrollY);
    const top = await block.boundingBox();
    const live = await block.locator(".live-responses-table").first().boundingBox();
    await page.screenshot({
      path: path.join(outDir, "docs-try-it-out.png"), fullPage: true,
      clip: { x: top.x, y: top.y + scrollY, width: top.width,
        height: Math.min(live.y + live.height - top.y + 10, 4000) },
    });
  } finally {
    report(problems, "/docs");
    await page.close();
  }
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "medicaments-chromium-"));
let context;
try {
  const drug = await pickDrug();
  context = await chromium.launchPersistentContext(userDataDir, {
    ...chromiumOptions,
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(60000);
  await context.addInitScript(reportViolations);
  await checkHome(context, `${base}/`, "fr", "home-fr");
  await checkHome(context, `${base}/en/`, "en", "home-en");
  await checkLanguageToggle(context);
  await checkPhone(context, `${base}/`, "home-fr-phone");
  await checkSwagger(context, drug);
} catch (err) {
  check(false, `browser session: ${err.stack || err}`);
} finally {
  if (context) await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
console.log(`screenshots in ${outDir}`);
process.exit(failures === 0 ? 0 : 1);
