import { expect, test } from "@playwright/test";
import { pushToken } from "../playwright.config";
import { count, waitForHydration } from "./helpers";

test("a proof pushed over HTTP shows on the board and in the public history at once", async ({ page, request }) => {
  const refused = await request.post("/api/proofs", {
    data: { system: "core-runtime", outcome: "pass", evidence: "e2e" },
    headers: { authorization: "Bearer wrong" },
  });
  expect(refused.status()).toBe(401);

  const pushed = await request.post("/api/proofs", {
    data: { system: "evidence-operations", outcome: "pass", evidence: "e2e readiness run" },
    headers: { authorization: `Bearer ${pushToken}` },
  });
  expect(pushed.status()).toBe(201);
  const record = await pushed.json();
  expect(record.source).toBe("api");

  const history = await (await request.get("/api/proofs?system=evidence-operations")).json();
  expect(history.records[0].id).toBe(record.id);
  expect(JSON.stringify(history)).not.toContain("e2e readiness run");

  await page.goto("/");
  await waitForHydration(page);
  const lastVerified = page.locator('tr[data-system="evidence-operations"]').getByTestId("last-verified");
  await expect(lastVerified).toContainText("Last verified: passed");
  await expect(lastVerified).not.toContainText("demo data");
  // Fixture variables are still missing, so a passing proof alone does not make it ready.
  await expect(page.locator('tr[data-system="evidence-operations"] .status')).toHaveText("configured unproven");
  await expect(count(page, "ready")).toHaveText("1");
});
