import { defineConfig } from "@playwright/test";
import { createHash } from "node:crypto";
import path from "node:path";

// The server runs from a folder holding nothing but the binary, on its own port and
// store, with the embedded default inputs (shipped catalog, demo env, demo proofs seeded into a
// fresh store) and the embedded site.
const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;
/** The server binary the suite runs (relative to the repository): the release build by default;
 * `scripts/test.sh` gives the one its test step built (`E2E_SERVER`), which embeds the same site. */
export const serverBinary = path.resolve(__dirname, "..", process.env.E2E_SERVER ?? "target/release/vendor-readiness");
/** Where the SMTP server on loopback (aiosmtpd, from .tools/python) keeps what it receives. */
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 3125);
export const mailDir = path.resolve(__dirname, "../target/e2e-mail");
/** The token the e2e suite pushes proofs with; the server is given only its SHA-256. */
export const pushToken = "e2e-push-token";
// The published fixture's downstream suite reads the token as a downstream team's CI gives it.
process.env.BOARD_PUSH_TOKEN ??= pushToken;

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
    { name: "no-js", use: { javaScriptEnabled: false }, testMatch: /(journeys|nojs|subscriptions)\.spec\.ts/ },
    // The published fixture's own downstream suite (end2end/fixture), both ways.
    { name: "fixture-hydrated", testDir: "./fixture/tests", use: { javaScriptEnabled: true } },
    { name: "fixture-no-js", testDir: "./fixture/tests", use: { javaScriptEnabled: false } },
  ],
  webServer: [
  {
    // A real SMTP server on loopback: the board's e-mail updates land in a Maildir the tests read.
    command:
      `rm -rf target/e2e-mail && exec .tools/python/bin/python -m aiosmtpd -n -l 127.0.0.1:${smtpPort} ` +
      `-c aiosmtpd.handlers.Mailbox target/e2e-mail`,
    cwd: "..",
    port: smtpPort,
    reuseExistingServer: false,
    timeout: 30_000,
  },
  {
    // The server binary copied alone into an empty folder, run with serve flags and no inputs:
    // the catalog, demo env, demo proofs and the whole site (wasm, JS, CSS) come from inside it.
    command:
      `rm -rf target/e2e-alone && mkdir -p target/e2e-alone && ` +
      `cp '${serverBinary}' target/e2e-alone/vendor-readiness && cd target/e2e-alone && ` +
      `exec env -u LEPTOS_SITE_ROOT -u VENDOR_READINESS_CATALOG ./vendor-readiness ` +
      `--db e2e.db --addr 127.0.0.1:${port} --smtp-url smtp://127.0.0.1:${smtpPort} ` +
      `--mail-from 'Readiness board <board@example.com>' --webhook-burst-ms 1000`,
    cwd: "..",
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      RUST_LOG: "warn",
      VENDOR_READINESS_PUSH_TOKEN_SHA256: createHash("sha256").update(pushToken).digest("hex"),
    },
  },
  ],
});
