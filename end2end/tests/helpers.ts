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

/** A second server (the suite's binary) on `port`, with `catalog` and `env` (their text) in a fresh folder,
 * the suite's push token and `more` flags, once it answers `/readyz`; `stop()` ends it and removes the folder. */
export async function startBoard(port: number, catalog: string, env: string, more: string[] = []): Promise<{ stop: () => void }> {
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { spawn } = await import("node:child_process");
  const { createHash } = await import("node:crypto");
  const { pushToken, serverBinary } = await import("../playwright.config");
  const dir = mkdtempSync(join(tmpdir(), "board-"));
  writeFileSync(join(dir, "catalog.toml"), catalog);
  writeFileSync(join(dir, "e.env"), env);
  const args = ["--catalog", join(dir, "catalog.toml"), "--env-file", join(dir, "e.env"), "--db", join(dir, "s.db"), ...more];
  const token = createHash("sha256").update(pushToken).digest("hex");
  const server = spawn(serverBinary, [...args, "--addr", `127.0.0.1:${port}`], {
    // The files are written once, before the start: a tenth of a second of quiet is enough (issue 24).
    env: { ...process.env, RUST_LOG: "warn", VENDOR_READINESS_PUSH_TOKEN_SHA256: token, VENDOR_READINESS_SETTLE_MS: "100" },
    stdio: "ignore",
  });
  const stop = () => {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (up) return { stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`the server on port ${port} did not start`);
}
