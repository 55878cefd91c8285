// The HTML report in a real browser: Debian's chromium driven by playwright-core.
// CI installs it with `apt-get install -y chromium`; without /usr/bin/chromium this file is skipped.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeRun } from "../../src/analysis/index.js";
import { renderHtml } from "../../src/report/index.js";
import { NASTY_OUTPUT, NOW, sampleReport } from "../analysis/fixtures.js";
import { tunedRun } from "../analysis/questions.fixtures.js";
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

  it("shows the SIMULATED banner, the decisions and the failed gates first", async () => {
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

describe.skipIf(!available)("HTML Overview: the decisions before any table", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const { trials, header } = tunedRun();
    const report = analyzeRun(trials, header, {
      now: NOW,
      gates: { maxDrop: { onInconclusive: "fail" } },
      training: { model: "ft:sim-base:acme::t1", cost: 0.024, source: "trained-tokens" },
    });
    const file = path.join(tempDir("tunebench-html-"), "report.html");
    writeFileSync(file, renderHtml(report));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("answers per suite, in one line each, above the first table", async () => {
    const cards = page.locator("#decisions .decision");
    expect(await cards.count()).toBe(6);
    const first = cards.first();
    expect(await first.locator("h3").textContent()).toBe("canary-general (canary)");
    expect(await first.locator("li").allTextContents()).toEqual([
      expect.stringMatching(/^use baseline: best pass rate \(100% of 17 pass/),
      "fine-tuning: not judged on a canary suite (general tasks, not the tuning target)",
      "tuned got worse at tasks it was not tuned for: worse than baseline, the untuned sim-base (0 fixed, 7 broke of 17, −41 pp [−64 pp, −14 pp], p=0.016)",
    ]);
    await expect(first.evaluate((e) => e.classList.contains("regressed"))).resolves.toBe(true);
    // The first decision is on the first screen; every decision sits above every table.
    const box = await first.boundingBox();
    expect((box?.y ?? 1e9) + (box?.height ?? 0)).toBeLessThan(900);
    const lastDecision = await cards.last().boundingBox();
    const firstTable = await page.locator("table").first().boundingBox();
    expect((lastDecision?.y ?? 1e9) + (lastDecision?.height ?? 0)).toBeLessThan(firstTable?.y ?? 0);
    const triage = page.locator('#decisions .decision[data-suite="ticket-triage"] li').nth(1);
    await expect(triage.textContent()).resolves.toMatch(/^fine-tuning would pay off after 800 calls/);
  });

  it("shows the gate outcome, INCONCLUSIVE included, right after the decisions", async () => {
    const gate = await page.locator("#gate-status").textContent();
    // 3 of the 6 maxDrop gates fail and 3 are inconclusive; the 24 default maxErrorRate gates pass.
    expect(gate).toMatch(/^✗ 3 of 30 gates failed, 3 inconclusive/);
    expect(gate).toContain("INCONCLUSIVE gate maxDrop on ticket-triage/tuned");
    const shot = path.join(process.env.TMPDIR ?? "/tmp", "tunebench-overview.png");
    await page.screenshot({ path: shot });
    expect(existsSync(shot)).toBe(true);
  });
});
