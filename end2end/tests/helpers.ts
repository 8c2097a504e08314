import { expect, type Page } from "@playwright/test";

/** Rows of the vendor systems table a reader sees, by system id, in page order (every system
 * is rendered; a filter hides the others). */
export async function systemRows(page: Page): Promise<string[]> {
  return page.locator("tbody tr[data-system]:not([hidden])").evaluateAll((rows) =>
    rows.map((row) => row.getAttribute("data-system") ?? ""),
  );
}

/** The number shown for one summary count (`systems`, `ready`, `blocked`, ...). */
export function count(page: Page, name: string) {
  return page.getByTestId(`count-${name}`).locator(".count-value");
}

/** Waits until the wasm has hydrated the server-rendered page (the published fixture's
 * `goto` waits the same way). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("main#main")).toHaveAttribute("data-hydrated", "true");
}
