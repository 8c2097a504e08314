// Captures the board's key views for docs/ (not a test): 1280 px and 360 px, light and dark,
// the whole board and the motion view with the claim checker in use.
// Usage (release server running): node end2end/screenshots.mjs http://127.0.0.1:3200 docs
import { chromium } from "@playwright/test";

const [base = "http://127.0.0.1:3200", out = "docs"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});
const shots = [
  ["board-1280", "/", 1280, "light"],
  ["board-360", "/", 360, "light"],
  ["board-1280-dark", "/", 1280, "dark"],
  ["motion-1280", "/?motion=self-serve-paid-launch", 1280, "light"],
  ["motion-360-dark", "/?motion=self-serve-paid-launch", 360, "dark"],
];
for (const [name, path, width, colorScheme] of shots) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
  await page.goto(base + path);
  await page.locator('main[data-hydrated="true"]').waitFor();
  if (path.includes("motion")) {
    await page
      .getByLabel(/Draft copy for/)
      .fill("Launch today with instant checkout: buy now and get card-backed activation.");
    await page.locator("mark").first().waitFor();
  }
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  await page.close();
  console.log(`${out}/${name}.png`);
}
await browser.close();
