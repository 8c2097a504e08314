import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { pushToken } from "../playwright.config";
import { linkIn, messagesTo, waitForMail } from "./mail";

// E-mail updates (issue 22), with and without JavaScript: the form on the board, the confirm
// link read from a real message (aiosmtpd on loopback), a change e-mailed with RFC 8058
// one-click unsubscribe, and the unsubscribe link.

/** axe runs as a script in the page: where JavaScript is off it cannot, and the hydrated
 * project checks the same pages. */
async function noAxeViolations(page: Page, testInfo: TestInfo) {
  if (testInfo.project.use.javaScriptEnabled === false) return;
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
}

test("a buyer subscribes on the board, confirms by e-mail, gets a change and unsubscribes", async ({ page, request }, testInfo) => {
  const address = `buyer-${testInfo.project.name}@example.com`;
  await page.goto("/");
  await page.getByRole("link", { name: "Get an e-mail when this changes" }).click();
  await expect(page).toHaveURL(/#subscribe$/);
  const form = page.getByTestId("subscribe-form");
  await form.getByLabel("Your e-mail address").fill(address);
  await form.getByLabel("A managed private beta with our team").check();
  await form.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("subscribe-sent")).toContainText(address);

  const confirm = await waitForMail(address, "Confirm your e-mail updates");
  expect(confirm.body).toContain("a managed private beta with our team");
  await page.goto(linkIn(confirm, "/subscriptions/confirm?token="));
  await noAxeViolations(page, testInfo);
  await page.getByTestId("confirm-button").click();
  await expect(page.getByTestId("manage-note")).toContainText("Confirmed");
  await expect(page.getByTestId("manage-address")).toContainText(address);
  await expect(page.getByLabel("A managed private beta with our team")).toBeChecked();
  await noAxeViolations(page, testInfo);

  // A change of what it follows, in the buyer's words: the core runtime's proof fails.
  const push = async (outcome: string) => {
    const pushed = await request.post("/api/proofs", {
      data: { system: "core-runtime", outcome, evidence: "e2e mail" },
      headers: { authorization: `Bearer ${pushToken}` },
    });
    expect(pushed.status()).toBe(201);
  };
  await push("fail");
  const changes = await waitForMail(address, "Vendor readiness:");
  expect(changes.body).toContain("- No longer available: a managed private beta with our team.");
  expect(changes.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
  expect(changes.headers["list-unsubscribe"]).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/subscriptions\/unsubscribe\?token=[\w-]{43}>$/);
  expect(messagesTo(address)).toHaveLength(2);

  await page.goto(linkIn(changes, "/subscriptions/unsubscribe?token="));
  await page.getByTestId("unsubscribe-button").click();
  await expect(page.getByTestId("unsubscribed")).toBeVisible();
  await page.goto(linkIn(changes, "/subscriptions/manage?token="));
  await expect(page.getByTestId("link-expired")).toBeVisible();
  // The board as the other specs expect it; nothing more reaches the unsubscribed address.
  await push("pass");
});

test("a mistyped address is said on the form, with what was typed kept", async ({ page }) => {
  await page.goto("/subscribe");
  await page.getByLabel("Your e-mail address").fill("buyer@localhost");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("subscribe-problem")).toContainText("does not look like an e-mail address");
  await expect(page.getByLabel("Your e-mail address")).toHaveValue("buyer@localhost");
});
