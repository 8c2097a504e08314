import { expect, test } from "@playwright/test";
import { execFile, execFileSync } from "node:child_process";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { resolve } from "node:path";
import { baseURL, serverBinary } from "../playwright.config";

const root = resolve(__dirname, "..", "..");

/** Runs the suite's server binary's `smoke` against the server Playwright started; returns exit code and output. */
function smoke(catalog: string, ...extra: string[]): { code: number; stdout: string } {
  try {
    const stdout = execFileSync(
      serverBinary,
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
  // What fails here is read from the page and JSON: the browser's checks, which the other runs
  // make, would only add ten seconds.
  const { code, stdout } = smoke("server/tests/fixtures/cli-catalog.toml", "--no-browser");
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
    "--no-browser",
  );
  expect(code).toBe(1);
  expect(stdout).toContain("FAIL  the board is a live deployment (it says demo)");
  expect(stdout).toContain("FAIL  motion self-serve-paid-launch can move (it is gated)");
  expect(stdout).toContain("FAIL  system stripe-billing is ready (it is blocked)");
  expect(stdout).toContain("FAIL  motion no-such-motion is gated (the board has no such motion)");
});

/** The tags of `html` as an HTML minifier (a CDN's, a build step's) writes them: each attribute
 * value that needs no quotes loses them, and a tag's attributes come in reverse order. Script
 * text is left as it is. */
function minified(html: string): string {
  const tag = /<([a-z][a-z0-9-]*)((?:\s+[a-z][a-z0-9-]*(?:="[^"]*")?)*)\s*>/g;
  const attribute = /([a-z][a-z0-9-]*)(?:="([^"]*)")?/g;
  const rewrite = (text: string) =>
    text.replace(tag, (_, name: string, attributes: string) => {
      const each = [...attributes.matchAll(attribute)].map(([, key, value]) =>
        value === undefined
          ? key
          : /^[^\s"'=<>`]+$/.test(value)
            ? `${key}=${value}`
            : value.includes("'")
              ? `${key}="${value}"`
              : `${key}='${value}'`,
      );
      return `<${[name, ...each.reverse()].join(" ")}>`;
    });
  return html
    .split(/(<script\b[^>]*>[\s\S]*?<\/script>)/)
    .map((part, at) => (at % 2 === 0 ? rewrite(part) : part.replace(/^<script\b[^>]*>/, rewrite)))
    .join("");
}

/** A proxy on loopback in front of the board that minifies its HTML pages. */
async function minifyingProxy(): Promise<Server> {
  const board = new URL(baseURL);
  const proxy = createServer((incoming, outgoing) => {
    const headers = { ...incoming.headers, host: board.host };
    delete headers["accept-encoding"];
    const forward = request(
      { host: board.hostname, port: board.port, path: incoming.url, method: incoming.method, headers },
      (answer) => {
        const html = (answer.headers["content-type"] ?? "").startsWith("text/html");
        if (!html) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const body = Buffer.from(minified(Buffer.concat(chunks).toString("utf8")));
          const { "content-length": _length, "transfer-encoding": _coding, ...kept } = answer.headers;
          outgoing.writeHead(answer.statusCode ?? 502, { ...kept, "content-length": body.length });
          outgoing.end(body);
        });
      },
    );
    incoming.pipe(forward);
  });
  await new Promise<void>((done) => proxy.listen(0, "127.0.0.1", done));
  return proxy;
}

// Found by attack (round 24): a healthy board behind an HTML minifier (`rel=stylesheet`,
// attributes reordered) failed smoke, whose checks matched quoted strings.
test("smoke passes a healthy board whose pages an HTML minifier rewrote", async () => {
  test.setTimeout(90_000);
  const proxy = await minifyingProxy();
  try {
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const page = await (await fetch(`${url}/`)).text();
    expect(page).toMatch(/<link href=\/pkg\/[^ >]+\.css rel=stylesheet>/);
    expect(page).toMatch(/<main [^>]*data-hydrated=false id=main>/);
    const run = promisify(execFile);
    const args = ["smoke", "--url", url, "--catalog", "catalog/vendor-catalog.toml", "--json"];
    const { stdout, code } = await run(serverBinary, args, { cwd: root })
      .then(({ stdout }) => ({ stdout, code: 0 }))
      .catch((failed: { stdout: string; code: number }) => failed);
    const result = JSON.parse(stdout);
    expect(result.checks.filter((c: { passed: boolean }) => !c.passed)).toEqual([]);
    expect(code).toBe(0);
  } finally {
    proxy.close();
  }
});
