import { test, expect } from "@playwright/test";

// The site (wasm, JS, CSS) is served from inside the binary, which runs alone in an empty folder
// (see playwright.config.ts): versioned paths are immutable, compressed variants are served.
test("the embedded site is served versioned, compressed and cacheable", async ({ page, request }) => {
  await page.goto("/");
  await expect(page.locator("main")).toHaveAttribute("data-hydrated", "true");
  const html = await (await request.get("/")).text();
  const wasmPath = html.match(/href="(\/pkg\/v-[0-9a-f]{16}\/vendor-readiness\.wasm)"/)?.[1];
  expect(wasmPath, "the page links a versioned wasm").toBeTruthy();

  const wasm = await request.get(wasmPath!, { headers: { "accept-encoding": "br" } });
  expect(wasm.status()).toBe(200);
  expect(wasm.headers()["content-type"]).toBe("application/wasm");
  expect(wasm.headers()["content-encoding"]).toBe("br");
  expect(wasm.headers()["cache-control"]).toContain("immutable");

  const gz = await request.get(wasmPath!.replace(".wasm", ".js"), { headers: { "accept-encoding": "gzip" } });
  expect(gz.headers()["content-encoding"]).toBe("gzip");
  expect(gz.headers()["content-type"]).toContain("text/javascript");

  const plain = await request.get("/pkg/vendor-readiness.css", { headers: { "accept-encoding": "identity" } });
  expect(plain.status()).toBe(200);
  expect(plain.headers()["content-encoding"]).toBeUndefined();
  expect(plain.headers()["cache-control"]).toBe("public, no-cache");
  const again = await request.get("/pkg/vendor-readiness.css", {
    headers: { "accept-encoding": "identity", "if-none-match": plain.headers()["etag"] },
  });
  expect(again.status()).toBe(304);

  expect((await request.get("/pkg/v-0000000000000000/vendor-readiness.wasm")).status()).toBe(404);
  expect((await request.get("/pkg/..%2fvendor-readiness.db")).status()).toBe(404);
});
