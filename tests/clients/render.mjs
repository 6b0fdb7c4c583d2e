// Renders one page in headless Chromium the way a reader opens it and reports, as one JSON
// object on stdout, what the tests check: console errors, the document's width against the
// viewport, the visible text, axe-core violations, links, element ids, JSON-LD blocks, texts
// cut off by their box, and optionally the page printed to PDF. tests/browser.py drives it.
//
// Usage: node render.mjs '{"url": "...", "views": [{"width": 390, "height": 800, "pdf": null}]}'
// prints a JSON list, one object per view; one browser serves every view, since starting
// Chromium costs more than rendering a page.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const request = JSON.parse(process.argv[2]);
const profile = mkdtempSync(join(tmpdir(), "ssa-chromium-"));

const context = await chromium.launchPersistentContext(profile, {
  executablePath: request.executable || "/usr/bin/chromium",
  headless: true,
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
  locale: request.locale || "de-DE",
  timezoneId: "Europe/Berlin",
});
const results = [];
try {
  for (const view of request.views) {
    results.push(await renderView(context, view));
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(results));

async function renderView(context, view) {
  const page = await context.newPage();
  await page.setViewportSize({ width: view.width, height: view.height });
  const consoleErrors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(msg.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  page.on("requestfailed", (req) =>
    consoleErrors.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ""}`),
  );
  await page.goto(view.url || request.url, { waitUntil: "load" });

  const facts = await page.evaluate((selectors) => {
    const inside = (inner, outer) =>
      inner.left >= outer.left - 0.5 &&
      inner.right <= outer.right + 0.5 &&
      inner.top >= outer.top - 0.5 &&
      inner.bottom <= outer.bottom + 0.5;
    const clipped = [];
    // SVG text drawn past its drawing's box is cut off by the browser.
    for (const text of document.querySelectorAll("svg text")) {
      const svg = text.ownerSVGElement;
      if (svg && !inside(text.getBoundingClientRect(), svg.getBoundingClientRect())) {
        clipped.push(text.textContent);
      }
    }
    // Text in a box that hides its overflow, or ends in an ellipsis the page wrote itself.
    for (const element of document.body.querySelectorAll("*")) {
      const style = getComputedStyle(element);
      const hides = style.overflowX === "hidden" || style.overflowX === "clip";
      if (hides && element.scrollWidth > element.clientWidth + 1) {
        clipped.push(element.textContent.trim());
      }
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      viewportWidth: window.innerWidth,
      text: document.body.innerText,
      title: document.title,
      lang: document.documentElement.lang,
      links: [...document.querySelectorAll("a[href]")].map((a) => ({
        href: a.href,
        raw: a.getAttribute("href"),
        text: a.innerText.trim(),
      })),
      ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
      jsonLd: [...document.querySelectorAll('script[type="application/ld+json"]')].map(
        (s) => s.textContent,
      ),
      clipped,
      // The colours graphics are drawn in, for a contrast check: each shape's fill and
      // stroke as the browser computed them.
      graphics: [...document.querySelectorAll("svg rect, svg circle, svg path, svg line, svg polyline")].map(
        (shape) => {
          const style = getComputedStyle(shape);
          return { fill: style.fill, stroke: style.stroke, cls: shape.getAttribute("class") || "" };
        },
      ),
      // Elements the caller asked for by CSS selector: their text and whether they are seen.
      collected: Object.fromEntries(
        selectors.map((selector) => [
          selector,
          [...document.querySelectorAll(selector)].map((element) => {
            const box = element.getBoundingClientRect();
            return {
              text: element.innerText,
              visible: box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== "hidden",
              left: box.left,
              right: box.right,
            };
          }),
        ]),
      ),
    };
  }, request.collect || []);

  let violations = [];
  if (request.axe !== false) {
    // Evaluated rather than added as a script tag, so a page's Content-Security-Policy, which
    // rightly forbids inline scripts, does not keep the checker out.
    await page.evaluate(readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8"));
    const results = await page.evaluate(async () => await window.axe.run(document));
    violations = results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
  }

  if (view.screenshot) {
    await page.screenshot({ path: view.screenshot, fullPage: true });
  }
  if (view.pdf) {
    await page.emulateMedia({ media: "print" });
    await page.pdf({ path: view.pdf, preferCSSPageSize: true, printBackground: true });
  }
  await page.close();
  return { consoleErrors, violations, ...facts };
}
