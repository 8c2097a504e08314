// Measures (does not assert) how long changing a filter takes in the browser on a large board,
// as the reader meets it: from the select's change event to the rows laid out (style and layout
// forced after the island's update) and to the next frame drawn (painted), beside plain
// JavaScript making the same change to the same DOM in the same run (the bare baseline: the same rows listed, the same `hidden` flags, the same
// text and attributes in the small islands, the same title and a history entry for the address), the last-mutation figure of before, and
// how many requests the changes made (the live board filters from the index it carries: none).
// Then the page's weight and load: bytes on the wire (brotli), DOM nodes, load and hydration.
// For docs/performance.md.
// Usage (release server on a large catalog): node end2end/measure-filter.mjs http://127.0.0.1:3201
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3201";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  // Frames come at the display's 60 Hz tick, so "painted" includes the wait for it, as a
  // reader's does; FRAMES_UNLIMITED=1 asks for frames as soon as there is something to draw.
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", ...(process.env.FRAMES_UNLIMITED ? ["--disable-frame-rate-limit", "--disable-gpu-vsync"] : [])],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
let wire = 0;
page.on("response", async (r) => {
  if (r.url() === base + "/") wire = Number((await r.allHeaders())["content-length"] ?? 0);
});
const t0 = Date.now();
await page.goto(base + "/", { waitUntil: "load" });
const loaded = Date.now() - t0;
await page.locator('main[data-hydrated="true"]').waitFor({ timeout: 120000 });
const hydrated = Date.now() - t0;
// When the answer was first painted (first contentful paint), from the navigation's start.
const painted = await page.evaluate(() =>
  performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint")?.startTime ?? 0);
const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
const rows = await page.locator("tbody tr[data-system]").count();
const carried = await page.evaluate(() => document.getElementById("unlisted-rows")?.content.querySelectorAll("tr").length ?? 0);
let requests = 0;
page.on("request", (r) => {
  if (!r.url().includes("/api/board/version")) requests++;
});

const changes = [
  ["filter-owner", "Finance"], ["filter-owner", ""], ["filter-status", "blocked"], ["filter-status", ""],
  ["filter-owner", "Legal"], ["filter-owner", ""], ["filter-status", "manual_fallback"], ["filter-status", ""],
];
const samples = [];
for (let round = 0; round < 3; round++) {
  for (const [id, value] of changes) {
    samples.push(await page.evaluate(([id, value]) => new Promise((resolve) => {
      const body = document.querySelector(".systems-table tbody");
      // Every row the page has, listed or waiting in the template (a large board's).
      const waiting = document.getElementById("unlisted-rows")?.content;
      const all = [...body.querySelectorAll("tr[data-system]"), ...(waiting ? waiting.querySelectorAll("tr[data-system]") : [])];
      const sentence = document.getElementById("result-count");
      // What else a change writes: the small islands' text and attributes (counts, sentence,
      // filter words, permalink, "List more", no-match), the table's and "Clear all"'s state,
      // the title and the address. The baseline writes all of it, as the island does.
      const islands = [...document.querySelectorAll("leptos-island")].filter((el) =>
        !/^(LiveBoard|ClaimResults|ThemeToggle)_/.test(el.dataset.component));
      const texts = islands.flatMap((island) => {
        const walker = document.createTreeWalker(island, NodeFilter.SHOW_TEXT);
        const found = [];
        while (walker.nextNode()) found.push(walker.currentNode);
        return found;
      });
      const marked = [...islands.flatMap((island) => [...island.querySelectorAll("*")]),
        document.querySelector(".systems .table-scroll"), document.querySelector("[data-role=clear-filters]")].filter(Boolean);
      const names = ["hidden", "href", "aria-disabled"];
      const state = () => ({
        listed: [...body.children],
        hidden: all.map((r) => r.hidden),
        texts: texts.map((t) => t.data),
        attributes: marked.map((el) => names.map((n) => el.getAttribute(n))),
        title: document.title,
        url: location.href,
      });
      const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
      // Puts the page as `to` says, touching only what differs.
      const apply = (to, push) => {
        if (!same([...body.children], to.listed)) body.replaceChildren(...to.listed);
        all.forEach((r, i) => { if (r.hidden !== to.hidden[i]) r.hidden = to.hidden[i]; });
        texts.forEach((t, i) => { if (t.data !== to.texts[i]) t.data = to.texts[i]; });
        marked.forEach((el, i) => names.forEach((n, k) => {
          const value = to.attributes[i][k];
          if (el.getAttribute(n) !== value) value === null ? el.removeAttribute(n) : el.setAttribute(n, value);
        }));
        if (document.title !== to.title) document.title = to.title;
        if (location.href !== to.url) history[push ? "pushState" : "replaceState"](null, "", to.url);
      };
      const before = state();
      const layout = () => document.body.offsetHeight;
      const task = () => new Promise((done) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => done();
        channel.port2.postMessage(0);
      });
      // The next frame drawn: its animation callbacks run, then style, layout and paint, then a task.
      const frame = () => new Promise((done) => requestAnimationFrame(() => task().then(done)));
      let last = 0;
      const observer = new MutationObserver(() => { last = performance.now(); });
      observer.observe(body, { childList: true, attributes: true, subtree: true, attributeFilter: ["hidden"] });
      observer.observe(sentence, { childList: true, characterData: true, subtree: true });
      const start = performance.now();
      const select = document.getElementById(id);
      select.value = value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      // The island's update runs on microtasks: one task later it is done; then layout.
      task().then(async () => {
        layout();
        const island = performance.now() - start;
        await frame();
        const islandPainted = performance.now() - start;
        observer.disconnect();
        const after = state();
        // The bare baseline: the page back as it was (untimed), then plain JS makes the same
        // change the island made, and layout is forced.
        apply(before, false);
        layout();
        await task();
        const bareStart = performance.now();
        apply(after, true);
        layout();
        const bare = performance.now() - bareStart;
        await frame();
        const barePainted = performance.now() - bareStart;
        resolve({
          laid_out: island,
          painted: islandPainted,
          bare,
          bare_painted: barePainted,
          update: (last || start) - start,
          shown: after.listed.filter((r) => !r.hidden).length,
        });
      });
    }), [id, value]));
  }
}
const median = (key) => {
  const sorted = samples.map((s) => s[key]).sort((a, b) => a - b);
  return +sorted[Math.floor(sorted.length / 2)].toFixed(1);
};
const max = (key) => +Math.max(...samples.map((s) => s[key])).toFixed(1);
console.log(JSON.stringify({
  rows_in_table: rows,
  rows_waiting_in_template: carried,
  dom_nodes: nodes,
  page_bytes_on_wire_br: wire,
  first_paint_ms: Math.round(painted),
  load_ms: loaded,
  hydrated_ms: hydrated,
  changes: samples.length,
  median_ms_change_to_laid_out: median("laid_out"),
  median_ms_change_to_painted: median("painted"),
  max_ms_change_to_painted: max("painted"),
  median_ms_bare_js_to_painted: median("bare_painted"),
  max_ms_change_to_laid_out: max("laid_out"),
  median_ms_bare_js_to_laid_out: median("bare"),
  median_ms_change_to_last_mutation: median("update"),
  requests_made: requests,
}, null, 2));
await browser.close();
