// Opens a worker's dashboard in Debian's chromium (headless), waits for it to fill and to refresh by itself,
// takes a screenshot, and prints what it saw as JSON for the C# test to check.
// Usage: node dashboard.mjs <dashboard-url> <screenshot.png> <chromium-path>
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, screenshot, executablePath] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "faustgen-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  const failures = [];
  page.on("pageerror", e => failures.push(String(e)));
  page.on("requestfailed", r => failures.push("request failed: " + r.url()));
  await page.goto(url, { waitUntil: "load", timeout: 15000 });
  await page.waitForFunction(() => document.getElementById("updated").textContent !== "never", null, { timeout: 15000 });
  const first = await page.textContent("#updated");
  // The page refreshes every 2 seconds on its own; wait for the next refresh, which must show newer numbers.
  await page.waitForFunction(previous => document.getElementById("updated").textContent !== previous, first, { timeout: 15000 });
  const rows = selector => page.$$eval(selector + " tbody tr", trs => trs.map(tr => [...tr.children].map(td => td.textContent)));
  const result = {
    app: await page.textContent("#app"),
    state: await page.textContent("#state"),
    ready: await page.textContent("#ready"),
    agents: await rows("#agents"),
    assigned: await rows("#assigned"),
    tables: await rows("#tables"),
    members: await rows("#members"),
    errors: await rows("#errors"),
    handled: await rows("#handled"),
    recovery: await page.textContent("#recovery"),
    standbys: await page.textContent("#standbys"),
    refreshed: first !== await page.textContent("#updated"),
    failures,
  };
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify(result));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
