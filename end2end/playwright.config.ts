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
export const mailDir = path.resolve(__dirname, `../target/e2e-mail-${smtpPort}`);
/** The token the e2e suite pushes proofs with; the server is given only its SHA-256. */
export const pushToken = "e2e-push-token";
// The published fixture's downstream suite reads the token as a downstream team's CI gives it.
process.env.BOARD_PUSH_TOKEN ??= pushToken;

/** `scripts/test.sh` runs the suite in two halves side by side (`E2E_HALF` 1 and 2, each with its
 * own ports, server, store and SMTP server), of about the same length; without `E2E_HALF`, one run
 * takes every project. Each project belongs to one half, so no test is left out of both. */
const half = process.env.E2E_HALF === undefined ? undefined : Number(process.env.E2E_HALF);
/** The release gates (smoke drives its own browser) and the accessibility scans: the first half. */
const gates = /(smoke|a11y)\.spec\.ts/;
const projects = [
  { half: 2, name: "hydrated", use: { javaScriptEnabled: true }, testIgnore: [/nojs\.spec\.ts/, gates] },
  { half: 1, name: "hydrated-gates", use: { javaScriptEnabled: true }, testMatch: gates },
  { half: 2, name: "no-js", use: { javaScriptEnabled: false }, testMatch: /(journeys|nojs|subscriptions)\.spec\.ts/ },
  // The published fixture's own downstream suite (end2end/fixture), both ways.
  { half: 1, name: "fixture-hydrated", testDir: "./fixture/tests", use: { javaScriptEnabled: true } },
  { half: 1, name: "fixture-no-js", testDir: "./fixture/tests", use: { javaScriptEnabled: false } },
];
if (half !== undefined && !projects.some((project) => project.half === half)) {
  throw new Error(`E2E_HALF must be 1 or 2, not ${process.env.E2E_HALF}`);
}

export default defineConfig({
  testDir: "./tests",
  // Each half its own results folder: a run empties its folder as it starts.
  outputDir: half === undefined ? "test-results" : `test-results/half-${half}`,
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
  projects: projects.filter((project) => half === undefined || project.half === half),
  webServer: [
  {
    // A real SMTP server on loopback: the board's e-mail updates land in a Maildir the tests read.
    command:
      `rm -rf '${mailDir}' && exec .tools/python/bin/python -m aiosmtpd -n -l 127.0.0.1:${smtpPort} ` +
      `-c aiosmtpd.handlers.Mailbox '${mailDir}'`,
    cwd: "..",
    port: smtpPort,
    reuseExistingServer: false,
    timeout: 30_000,
  },
  {
    // The server binary copied alone into an empty folder, run with serve flags and no inputs:
    // the catalog, demo env, demo proofs and the whole site (wasm, JS, CSS) come from inside it.
    command:
      `rm -rf target/e2e-alone-${port} && mkdir -p target/e2e-alone-${port} && ` +
      `cp '${serverBinary}' target/e2e-alone-${port}/vendor-readiness && cd target/e2e-alone-${port} && ` +
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
