// How the browser tests start Debian's headless Chromium (playwright-core,
// never a browser downloaded by a test tool): the options of
// launchPersistentContext.  No import here: run_node copies the test
// script alone next to $NODE_MODULES, and the scripts load this file from
// $DOCS_DIR (chromiumOptions in browser.mjs, cross-origin.mjs).
export const chromiumOptions = {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
  timeout: 60000,
};
