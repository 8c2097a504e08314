import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { baseURL } from "../playwright.config";

const root = resolve(__dirname, "..", "..");

/** Runs the release binary's `smoke` against the server Playwright started; returns exit code and output. */
function smoke(catalog: string, ...extra: string[]): { code: number; stdout: string } {
  try {
    const stdout = execFileSync(
      "./target/release/vendor-readiness",
      ["smoke", "--url", baseURL, "--catalog", catalog, ...extra],
      { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, stdout: e.stdout };
  }
}

test("vendor-readiness smoke passes against the real server, demo env values included as canaries", () => {
  const { code, stdout } = smoke("catalog/vendor-catalog.toml", "--env-file", "catalog/demo.env", "--json");
  const result = JSON.parse(stdout);
  expect(result.checks.filter((c: { passed: boolean }) => !c.passed)).toEqual([]);
  expect(result.checks.length).toBeGreaterThanOrEqual(7);
  expect(code).toBe(0);
});

test("vendor-readiness smoke fails when the catalog lists a system the board does not show", () => {
  const { code, stdout } = smoke("server/tests/fixtures/cli-catalog.toml");
  expect(code).toBe(1);
  expect(stdout).toContain("FAIL  every catalog system and motion is in page and JSON");
});

test("smoke as a release gate: the site's assets load and what the operator expects holds", () => {
  const { code, stdout } = smoke(
    "catalog/vendor-catalog.toml",
    "--expect-gated", "self-serve-paid-launch",
    "--expect-can-move", "managed-private-beta",
    "--expect-status", "stripe-billing=blocked",
    "--expect-deployment", "demo",
    "--json",
  );
  const result = JSON.parse(stdout);
  expect(result.checks.filter((c: { passed: boolean }) => !c.passed)).toEqual([]);
  const names = result.checks.map((c: { name: string }) => c.name);
  expect(names).toEqual(expect.arrayContaining([
    "the page's style, script and wasm load",
    "motion self-serve-paid-launch is gated",
    "motion managed-private-beta can move",
    "system stripe-billing is blocked",
    "the board is a demo deployment",
  ]));
  expect(code).toBe(0);
});

test("smoke fails each expectation that does not hold, saying what the board says", () => {
  const { code, stdout } = smoke(
    "catalog/vendor-catalog.toml",
    "--expect-deployment", "live",
    "--expect-can-move", "self-serve-paid-launch",
    "--expect-status", "stripe-billing=ready",
    "--expect-gated", "no-such-motion",
  );
  expect(code).toBe(1);
  expect(stdout).toContain("FAIL  the board is a live deployment (it says demo)");
  expect(stdout).toContain("FAIL  motion self-serve-paid-launch can move (it is gated)");
  expect(stdout).toContain("FAIL  system stripe-billing is ready (it is blocked)");
  expect(stdout).toContain("FAIL  motion no-such-motion is gated (the board has no such motion)");
});
