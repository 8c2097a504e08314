import { defineConfig } from "@playwright/test";
import { createHash } from "node:crypto";

// The release server is started from the repository root on its own port and store, with the
// embedded default inputs (shipped catalog, demo env, demo proofs seeded into a fresh store).
const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;
/** The token the e2e suite pushes proofs with; the server is given only its SHA-256. */
export const pushToken = "e2e-push-token";

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  // The same journeys run hydrated and with JavaScript off (server-rendered only).
  projects: [
    { name: "hydrated", use: { javaScriptEnabled: true }, testIgnore: /nojs\.spec\.ts/ },
    { name: "no-js", use: { javaScriptEnabled: false }, testMatch: /(journeys|nojs)\.spec\.ts/ },
  ],
  webServer: {
    command:
      `rm -f target/e2e.db target/e2e.db-wal target/e2e.db-shm && ` +
      `./target/release/vendor-readiness serve --env-file catalog/demo.env --demo ` +
      `--db target/e2e.db --addr 127.0.0.1:${port}`,
    cwd: "..",
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      LEPTOS_SITE_ROOT: "target/site",
      RUST_LOG: "warn",
      VENDOR_READINESS_PUSH_TOKEN_SHA256: createHash("sha256").update(pushToken).digest("hex"),
    },
  },
});
