// The HTML report in a real browser: Debian's chromium driven by playwright-core.
// CI installs it with `apt-get install -y chromium`; without /usr/bin/chromium this file is skipped.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../src/report/index.js";
import { NASTY_OUTPUT, sampleReport } from "../analysis/fixtures.js";
import { tempDir } from "../helpers/suite.js";

const CHROMIUM = process.env.TUNEBENCH_CHROMIUM ?? "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available)
  console.warn(
    `skipping the HTML report browser test: no chromium at ${CHROMIUM} (apt-get install -y chromium)`,
  );

describe.skipIf(!available)("HTML report in chromium", () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    const file = path.join(tempDir("tunebench-html-"), "report.html");
    writeFileSync(file, renderHtml(sampleReport()));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning")
        problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("loads with no console errors, page errors or requests beyond the file itself", () => {
    expect(problems).toEqual([]);
    expect(requests.filter((url) => !url.startsWith("file://"))).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it("shows the SIMULATED banner and the failed gates first", async () => {
    await expect(page.locator("#simulated").isVisible()).resolves.toBe(true);
    const gate = await page.locator("#gate-status").textContent();
    expect(gate).toMatch(/gates failed/);
    expect(gate).toContain("FAIL gate maxRegressions on ticket-triage/baseline");
    const box = await page.locator("#gate-status").boundingBox();
    expect(box?.y).toBeLessThan(900);
  });

  it("renders the quality-vs-cost chart: one point and one interval per strategy and suite", async () => {
    expect(await page.locator("svg.chart").count()).toBe(2);
    expect(await page.locator("svg.chart circle.point").count()).toBe(4);
    expect(await page.locator("svg.chart line.interval").count()).toBe(4);
    const point = page.locator('svg.chart[data-suite="ticket-triage"] circle.point[data-strategy="prompt"]');
    const circle = await point.boundingBox();
    expect(circle?.width).toBeGreaterThan(5);
  });

  it("shows a model output containing <script> as text, and never runs it", async () => {
    await page.locator("details.suite > summary", { hasText: "ticket-triage" }).click();
    const output = page.locator("pre.out", { hasText: "window.__pwned = 1" });
    await expect(output.count()).resolves.toBe(1);
    await expect(output.isVisible()).resolves.toBe(true);
    await expect(output.textContent()).resolves.toBe(NASTY_OUTPUT);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
  });

  it("filters cases with the inline script", async () => {
    const all = await page.locator("tr.case").count();
    await page.locator("#only-interesting").check();
    const shown = await page.locator("tr.case:not([hidden])").count();
    expect(shown).toBeLessThan(all);
    expect(await page.locator("#case-count").textContent()).toBe(`${shown} of ${all} shown`);
    await page.locator("#only-interesting").uncheck();
    await page.locator("#case-search").fill("case-5");
    expect(await page.locator("tr.case:not([hidden])").count()).toBe(2);
    await page.locator("#case-search").fill("");
    expect(problems).toEqual([]);
  });

  it("is readable: a full-page screenshot for a person to look at", async () => {
    await page.locator("details.suite").evaluateAll((all) => {
      for (const d of all) (d as unknown as { open: boolean }).open = true;
    });
    const shot = path.join(process.env.TMPDIR ?? "/tmp", "tunebench-report.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
  });
});
