// A page of another site calls the API with fetch() in Debian's headless
// Chromium (playwright-core): the JSON and the exposed headers are
// readable, revalidation gives 304s, and an origin CORS_ORIGINS does not
// list is refused by the browser.
//
//   node cross-origin.mjs PAGE_URL OTHER_PAGE_URL ANY_API LIST_API
//
// PAGE_URL and OTHER_PAGE_URL are the same page from two origins; ANY_API
// answers every origin (CORS_ORIGINS unset), LIST_API only PAGE_URL's.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const { chromiumOptions } = await import(
  pathToFileURL(path.join(process.env.DOCS_DIR, "chromium.mjs")));

const [pageUrl, otherPageUrl, anyApi, listApi] = process.argv.slice(2);
if (!pageUrl || !otherPageUrl || !anyApi || !listApi) {
  console.error("usage: node cross-origin.mjs PAGE_URL OTHER_PAGE_URL ANY_API LIST_API");
  process.exit(2);
}

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok" : "FAIL"}: ${what}`);
  if (!ok) failures++;
}

// Runs in the page: what a script of that site gets from the API.
async function useApi(api) {
  const out = {};
  const url = `${api}/v1/medicaments/60002283`;
  const r = await fetch(url);
  out.status = r.status;
  out.etag = r.headers.get("ETag");
  out.lastModified = r.headers.get("Last-Modified");
  out.remaining = r.headers.get("X-RateLimit-Remaining");
  out.cis = (await r.json()).cis;
  const s = await fetch(`${api}/v1/medicaments?search=ibuprofene`);
  out.searchStatus = s.status;
  const found = await s.json();
  out.searchCount = Array.isArray(found) ? found.length : -1;
  // Its own validator: not a CORS-safelisted header, so a preflight first;
  // the 304 reaches the page as is.
  const again = await fetch(url, { headers: { "If-None-Match": out.etag } });
  out.revalidated = again.status;
  out.revalidatedEtag = again.headers.get("ETag");
  // The browser's cache revalidates by itself: the page sees the cached 200.
  const cached = await fetch(url, { cache: "no-cache" });
  out.noCacheStatus = cached.status;
  out.noCacheCis = (await cached.json()).cis;
  return out;
}

// Runs in the page: true when the browser let the script read the answer.
async function canRead(url) {
  try {
    await (await fetch(url)).json();
    return true;
  } catch (e) {
    return false;
  }
}

async function checkSite(context, api, what) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto(pageUrl, { waitUntil: "load" });
  check(new URL(page.url()).origin !== new URL(api).origin,
    `${what}: the page (${new URL(page.url()).origin}) is another origin than the API`);
  let got;
  try {
    got = await page.evaluate(useApi, api);
  } catch (err) {
    check(false, `${what}: fetch from the page: ${err.message}`);
    await page.close();
    return;
  }
  check(got.status === 200 && got.cis === 60002283,
    `${what}: the medicament's JSON is readable (status ${got.status}, cis ${got.cis})`);
  check(/^W\/"[0-9a-f]{16}"$/.test(got.etag || ""), `${what}: ETag readable: ${got.etag}`);
  check(Boolean(got.lastModified), `${what}: Last-Modified readable: ${got.lastModified}`);
  check(/^[0-9]+$/.test(got.remaining || ""), `${what}: X-RateLimit-Remaining readable: ${got.remaining}`);
  check(got.searchStatus === 200 && got.searchCount > 0,
    `${what}: the search's JSON is readable (${got.searchCount} results)`);
  check(got.revalidated === 304 && got.revalidatedEtag === got.etag,
    `${what}: If-None-Match from the page answers 304 (got ${got.revalidated})`);
  check(got.noCacheStatus === 200 && got.noCacheCis === 60002283,
    `${what}: cache "no-cache" gives the cached answer (got ${got.noCacheStatus})`);
  check(errors.length === 0, `${what}: no page error ${errors.join("; ")}`);
  await page.close();
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "medicaments-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir,
    chromiumOptions);
  context.setDefaultTimeout(60000);
  await checkSite(context, anyApi, "CORS_ORIGINS=*");
  await checkSite(context, listApi, "CORS_ORIGINS listing the page");

  // The same page from an origin the list lacks: the browser refuses the
  // answer to the script (the default API still serves it).
  const page = await context.newPage();
  await page.goto(otherPageUrl, { waitUntil: "load" });
  check(!(await page.evaluate(canRead, `${listApi}/v1/medicaments/60002283`)),
    `${new URL(otherPageUrl).origin}, not listed: the browser refuses the answer`);
  check(await page.evaluate(canRead, `${anyApi}/v1/medicaments/60002283`),
    `${new URL(otherPageUrl).origin}: CORS_ORIGINS=* serves it`);
  await page.close();
} catch (err) {
  check(false, `browser session: ${err.stack || err}`);
} finally {
  if (context) await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failures === 0 ? 0 : 1);
