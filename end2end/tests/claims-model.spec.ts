import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { startBoard, waitForHydration } from "./helpers";

// Issue 23: a board started with a model of labelled copy (`serve --claims-model`) joins it
// with its rules in the page's claim checker, as its API does: the server reads a posted draft,
// the island joins that reading and asks for the reading of new copy when the reader pauses.
// The suite's own board, started without a model flag, joins the shipped model with the shipped
// catalog by default; `--no-claims-model` (tested by the server's tests) checks with the rules alone.
const port = Number(process.env.E2E_PORT ?? 3100) + 30;
const base = `http://127.0.0.1:${port}`;
let board: { stop: () => void } | undefined;

/** Copy no rule reads as checkout and the shipped model does (blind set 17). */
const byModel =
  "Once payment is done by card on the website itself, workspace is getting activated automatically, no need to talk to any sales person.";
/** A rule's phrase about someone else's product, which the model doubts (the attack set). */
const doubted = "Rippling provisions users automatically over SCIM; Thesmios does not.";

test.beforeAll(async () => {
  const { readFileSync } = await import("node:fs");
  const { resolve } = await import("node:path");
  const catalog = readFileSync("../catalog/vendor-catalog.toml", "utf8");
  const model = resolve("../catalog/claims-model.json");
  board = await startBoard(port, catalog, "UNRELATED_NAME=1\n", ["--claims-model", model]);
});

test.afterAll(() => board?.stop());

const results = (page: Page) => page.getByTestId("claim-results");
const verdict = (page: Page, motion: string) => results(page).locator(`li[data-motion="${motion}"]`);

test.describe("with JavaScript", () => {
  test("a claim only the model reads is found as you type, and counts", async ({ page }) => {
    await page.goto(`${base}/?view=operator`);
    await waitForHydration(page);
    await page.fill("#claim-copy", byModel);
    const found = results(page).locator("li.violation-sentence");
    await expect(found.first()).toBeVisible();
    await expect(found.first()).toContainText("Found by the model of labelled copy in the whole sentence");
    await expect(found.filter({ hasText: "Self-serve checkout" })).toHaveCount(1);
    await expect(verdict(page, "managed-private-beta")).toHaveAttribute("data-safe", "false");
    // An edit the model has not read yet is left to the rules, then read again.
    await page.fill("#claim-copy", byModel.replace("sales person", "salesperson"));
    await expect(found.filter({ hasText: "Self-serve checkout" })).toHaveCount(1);
  });

  test("a phrase the model doubts is listed to check and still counts", async ({ page }) => {
    await page.goto(`${base}/?view=operator`);
    await waitForHydration(page);
    await page.fill("#claim-copy", doubted);
    const hris = results(page).locator("li.violation-doubted", { hasText: "Automatic HRIS sync" });
    await expect(hris).toBeVisible();
    await expect(hris.getByTestId("model-note")).toHaveText(/finds the claim unlikely in its sentence: check it/);
    // The other claims of the phrase still count.
    await expect(verdict(page, "managed-private-beta")).toHaveAttribute("data-safe", "false");
    // A doubt still counts, and the verdict says it is there to check.
    // A competitor's offer (the model learnt such sentences from the development set 19).
    await page.fill("#claim-copy", "Verifly offers self-serve checkout to small agencies.");
    const checkout = verdict(page, "self-serve-paid-launch");
    await expect(checkout).toContainText("not safe: 1 phrase (1 doubted by the model of labelled copy, to check)");
    await expect(checkout).toHaveAttribute("data-safe", "false");
  });

  test("a posted draft is read by the server and hydrates as rendered", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${base}/?view=operator`);
    await waitForHydration(page);
    await page.fill("#claim-copy", byModel);
    await page.locator("form.claim-checker button").click();
    await waitForHydration(page);
    await expect(results(page).locator("li.violation-sentence")).toHaveCount(3);
    expect(errors).toEqual([]);
  });

  test("when the model's reading cannot be had, the page says the rules alone checked the change", async ({ page }) => {
    await page.route("**/api/claims/reading", (route) => route.abort());
    await page.goto(`${base}/?view=operator`);
    await waitForHydration(page);
    await page.fill("#claim-copy", byModel);
    await expect(results(page)).toContainText("could not read the latest changes (no answer from the board, or a draft over 2 MiB): the rules alone checked them");
    await expect(results(page).locator("li.violation-sentence")).toHaveCount(0);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("Check copy finds what the model reads", async ({ page }) => {
    await page.goto(`${base}/?view=operator`);
    await page.fill("#claim-copy", byModel);
    await page.locator("form.claim-checker button").click();
    const found = results(page).locator("li.violation-sentence");
    await expect(found).toHaveCount(3);
    await expect(verdict(page, "self-serve-paid-launch")).toHaveAttribute("data-safe", "false");
  });
});

test("the suite's board, started without a model flag, joins the shipped model with the shipped catalog", async ({ page }) => {
  await page.goto("/?view=operator");
  await page.fill("#claim-copy", byModel);
  await page.locator("form.claim-checker button").click();
  const found = results(page).locator("li.violation-sentence");
  await expect(found.filter({ hasText: "Self-serve checkout" })).toHaveCount(1);
});
