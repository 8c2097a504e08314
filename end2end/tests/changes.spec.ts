import { expect, test } from "@playwright/test";
import { pushToken } from "../playwright.config";

// A failing proof is a change: the board's "What changed" and the /changes timeline say it,
// the feed is discoverable from the page, and the timeline filters without JavaScript.
test("a failing proof shows under What changed and on the timeline, filtered by system", async ({ page, request }) => {
  const pushed = await request.post("/api/proofs", {
    data: { system: "core-runtime", outcome: "fail", evidence: "e2e outage" },
    headers: { authorization: `Bearer ${pushToken}` },
  });
  expect(pushed.status()).toBe(201);

  // The feed keeps the team's words: the team's view points to it, the buyer's page does not.
  await page.goto("/?view=operator");
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute("href", "/feed.atom");
  await page.goto("/");
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveCount(0);
  await expect(page.getByTestId("recent-changes")).toContainText("No longer ready: Core runtime and trust infrastructure (its check failed at");

  await page.goto("/changes");
  await page.getByLabel("System").selectOption("core-runtime");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/system=core-runtime/);
  await expect(page.getByTestId("timeline")).toContainText("No longer ready: Core runtime and trust infrastructure");

  const feed = await request.get("/feed.atom?system=core-runtime");
  expect(feed.headers()["content-type"]).toContain("application/atom+xml");
  expect(await feed.text()).toContain("urn:vendor-readiness:change:");

  // Put the demo board back for the tests that follow.
  const restored = await request.post("/api/proofs", {
    data: { system: "core-runtime", outcome: "pass", evidence: "e2e restored" },
    headers: { authorization: `Bearer ${pushToken}` },
  });
  expect(restored.status()).toBe(201);
});

// Issue 22: uptime counts from the first record (the time before is no data, drawn empty, never
// down), with dates under the bar and each stretch's span and cause on hover and for screen
// readers.
test("the motion view's uptime has dates under it and says each stretch's span and cause", async ({ page }) => {
  await page.goto("/?motion=invoice-led-paid-beta");
  const uptime = page.getByTestId("uptime").first();
  await expect(uptime).toContainText("of the time since the record began on");
  const dates = uptime.locator(".uptime-axis time");
  await expect(dates).toHaveCount(3);
  await expect(dates.last()).toHaveText(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
  // The empty stretch before the record is drawn, and named as no data.
  await expect(uptime.locator("rect.uptime-none title")).toContainText("No data (before the record began)");
  // The same words reach a screen reader, one item per stretch drawn.
  const items = uptime.locator("ol.visually-hidden li");
  await expect(items.first()).toContainText("No data (before the record began): ");
  expect(await items.count()).toBe(await uptime.locator("rect").count());
  // The first recorded stretch began with the record; a later one says what started it.
  await expect(items.nth(1)).toContainText("since the record began");
});

// Found by attack (issue 22): the timeline's System select, as wide as its longest option,
// scrolled the page sideways on a phone.
test("the timeline fits a phone's width", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto("/changes");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
});
