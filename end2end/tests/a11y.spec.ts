import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { waitForHydration } from "./helpers";

// WCAG 2.1 A and AA rules, light and dark, on every view a reader reaches.
// The board hydrates; the changes timeline is server-rendered only (nothing to wait for).
const views: [string, string, boolean][] = [
  ["the board", "/", true],
  ["the team's view of the board", "/?view=operator", true],
  ["a filtered board", "/?owner=Operator&status=manual_fallback", true],
  ["an empty filtered board", "/?q=zebra", true],
  ["the motion view", "/?motion=self-serve-paid-launch", true],
  ["the changes timeline", "/changes", false],
  ["a proof record's receipt", "/proofs/1", false],
  ["the subscribe form", "/subscribe", false],
  ["a subscription link that no longer works", `/subscriptions/manage?token=${"A".repeat(43)}`, false],
];

for (const scheme of ["light", "dark"] as const) {
  test.describe(`accessibility, ${scheme}`, () => {
    test.use({ colorScheme: scheme });

    for (const [name, path, hydrates] of views) {
      test(`${name} has no axe violations`, async ({ page }) => {
        await page.goto(path);
        if (hydrates) await waitForHydration(page);
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
      });
    }

    test("the claim checker with violations has no axe violations", async ({ page }) => {
      await page.goto("/?motion=self-serve-paid-launch");
      await waitForHydration(page);
      await page.getByLabel("Draft copy for Self-serve paid launch").fill("Buy now with instant checkout.");
      await expect(page.getByTestId("claim-results").locator("mark")).toHaveCount(2);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
    });
  });
}
