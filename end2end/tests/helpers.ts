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

/** A second release server on `port`, run with `args` (catalog, env file, store…) and `env`
 * added to this process's environment, once it answers `/readyz`; kill it when done. */
export async function startBoard(
  port: number,
  args: string[],
  env: Record<string, string> = {},
): Promise<import("node:child_process").ChildProcess> {
  const { spawn } = await import("node:child_process");
  const server = spawn("../target/release/vendor-readiness", [...args, "--addr", `127.0.0.1:${port}`], {
    env: { ...process.env, RUST_LOG: "warn", ...env },
    stdio: "ignore",
  });
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (up) return server;
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error(`the server on port ${port} did not start`);
}
