import { expect, test } from "@playwright/test";
import { count, systemRows } from "./helpers";

test.use({ javaScriptEnabled: false });

test.describe("the board without JavaScript", () => {
  test("a filtered URL shows the same filtered rows as the hydrated app", async ({ page }) => {
    await page.goto("/?owner=Operator&motion=invoice-led-paid-beta");
    expect(await systemRows(page)).toEqual(["core-runtime", "support-email", "evidence-operations"]);
    await expect(count(page, "systems")).toHaveText("3 of 7");
    await expect(page.locator("[data-motion]")).toHaveCount(1);
    await expect(page.locator("main#main")).toHaveAttribute("data-hydrated", "false");
  });

  test("the filter form works as a plain GET form", async ({ page }) => {
    await page.goto("/");
    expect(await systemRows(page)).toHaveLength(7);
    await page.getByLabel("Owner", { exact: true }).selectOption("Enterprise");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/\?owner=Enterprise&status=&q=$/);
    expect(await systemRows(page)).toEqual(["enterprise-identity"]);
    await expect(page.getByLabel("Owner", { exact: true })).toHaveValue("Enterprise");
  });

  test("an unknown motion shows a no-match state", async ({ page }) => {
    await page.goto("/?motion=moonshot");
    await expect(page.getByTestId("no-match")).toContainText("No offer has the id");
  });
});
