// Measures (does not assert) how long changing a filter takes in the browser on a large board:
// from the select's change event to the swapped results, split into the server round trip and
// the DOM update after the response (parse + swap). Report for docs/performance.md.
// Usage (release server on a 1,000-system catalog): node end2end/measure-filter.mjs http://127.0.0.1:3201
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3201";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(base + "/");
await page.locator('main[data-hydrated="true"]').waitFor();
const rows = await page.locator("tbody tr[data-system]").count();

const changes = [
  ["filter-owner", "Finance"], ["filter-owner", ""], ["filter-status", "blocked"], ["filter-status", ""],
  ["filter-owner", "Legal"], ["filter-owner", ""], ["filter-status", "manual_fallback"], ["filter-status", ""],
];
const samples = [];
for (let round = 0; round < 3; round++) {
  for (const [id, value] of changes) {
    samples.push(await page.evaluate(([id, value]) => new Promise((resolve) => {
      performance.clearResourceTimings();
      const results = document.getElementById("board-results");
      const start = performance.now();
      const observer = new MutationObserver(() => {
        observer.disconnect();
        const end = performance.now();
        const fetched = performance.getEntriesByType("resource").filter((e) => e.initiatorType === "fetch").pop();
        const responseEnd = fetched ? fetched.responseEnd : start;
        resolve({ total: end - start, roundTrip: responseEnd - start, domUpdate: end - responseEnd, rows: document.querySelectorAll("tbody tr[data-system]").length });
      });
      observer.observe(results, { childList: true, subtree: true });
      const select = document.getElementById(id);
      select.value = value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }), [id, value]));
  }
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p = (key) => median(samples.map((s) => s[key])).toFixed(1);
console.log(JSON.stringify({ initial_rows: rows, changes: samples.length, median_ms: { total: +p("total"), round_trip: +p("roundTrip"), dom_update: +p("domUpdate") }, max_dom_update_ms: +Math.max(...samples.map((s) => s.domUpdate)).toFixed(1) }, null, 2));
await browser.close();
