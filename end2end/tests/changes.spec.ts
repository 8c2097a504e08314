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

  await page.goto("/");
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute("href", "/feed.atom");
  await expect(page.getByTestId("recent-changes")).toContainText("became configured unproven: proof failed at");

  await page.goto("/changes");
  await page.getByLabel("System").selectOption("core-runtime");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/system=core-runtime/);
  await expect(page.getByTestId("timeline")).toContainText("Core runtime and trust infrastructure became configured unproven");

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
