#!/usr/bin/env node
// Test-only: open plainspeak's HTML report (plainspeak check --format html) in Debian's
// headless Chromium and check it the way a reader would meet it.
//
//   node report_check.mjs --report report.html --json findings.json
//        [--full-screenshot full.png] [--screenshot docs/report.png] [--doc PATH]
//
// --json is the JSON output (--format json) of the same run. The script records console errors
// and every request (anything but file:, data: and about: is aborted and reported; Chromium is
// also pointed at a dead local proxy, as in run_axe.mjs, so nothing slips out); checks that
// every finding is in the page, as a mark whose text is the finding's match or as a listed
// whole-document entry; measures the charts; tabs to the first mark and reads its note;
// hovers a mark; runs axe-core (every rule) on the page; and takes screenshots:
// --full-screenshot the whole page, --screenshot the first screen above the highlighted text
// of one document (--doc PATH, default the document with the most highlights), 1280 px wide.
// Prints one JSON object on stdout; the Python test decides what passes
// (tests/axe_harness.py, check_report). On failure: one line on stderr, exit 2.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { blockNetwork, failer, startBrowser } from './browser.mjs';

const VIEWPORT = { width: 1280, height: 800 };
const DOC_CLIP_HEIGHT = 900;
const MAX_TABS = 600;

const fail = failer('report_check');

function parseArgs(argv) {
  const opts = { report: null, json: null, screenshot: null, fullScreenshot: null, doc: null };
  const names = { '--report': 'report', '--json': 'json', '--screenshot': 'screenshot',
    '--full-screenshot': 'fullScreenshot', '--doc': 'doc' };
  for (let i = 0; i < argv.length; i++) {
    const key = names[argv[i]];
    if (!key) fail(`unknown argument ${argv[i]}`);
    if (argv[i + 1] === undefined) fail(`${argv[i]} needs a value`);
    opts[key] = argv[++i];
  }
  if (!opts.report || !existsSync(opts.report)) fail(`no report file: ${opts.report}`);
  if (!opts.json || !existsSync(opts.json)) fail(`no JSON file: ${opts.json}`);
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const run = JSON.parse(readFileSync(opts.json, 'utf8'));
  const findings = run.findings.map((f) => ({ match: f.match, message: f.message }));

  const { browser, axeSource } = await startBrowser(fail);
  const out = { requests: [], blocked: [], console_errors: [] };
  try {
    // No bypassCSP: the report's own Content-Security-Policy is in force, so a style or script
    // it blocks shows up as a console error.
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1,
      serviceWorkers: 'block', reducedMotion: 'reduce' });
    await blockNetwork(context, () => out.blocked,
      (url) => out.requests.push(url.startsWith('data:') ? url.slice(0, 40) : url));
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') out.console_errors.push(msg.text());
    });
    page.on('pageerror', (err) => out.console_errors.push(`uncaught: ${err.message}`));
    await page.goto(pathToFileURL(resolve(opts.report)).href, { waitUntil: 'load' });
    // the first screen as a reader first sees it (before any tabbing scrolls the contents)
    const firstScreen = opts.screenshot ? await page.screenshot({ clip: { x: 0, y: 0, ...VIEWPORT } }) : null;

    // -- every finding in the DOM
    out.findings = await page.evaluate((expected) => {
      const problems = [];
      let marked = 0;
      let listed = 0;
      expected.forEach((f, i) => {
        const primary = document.querySelectorAll(`mark[data-finding="${i}"]:not([data-cont])`);
        const parts = document.querySelectorAll(`mark[data-finding="${i}"]`);
        const items = document.querySelectorAll(`li[data-finding="${i}"]`);
        if (primary.length === 1 && items.length === 0) {
          const text = Array.from(parts, (m) => m.textContent).join('');
          if (text !== f.match) problems.push({ index: i, problem: 'text', text, match: f.match });
          if (primary[0].tabIndex !== 0) problems.push({ index: i, problem: 'not focusable' });
          const note = document.getElementById(primary[0].getAttribute('aria-describedby'));
          if (!note || !note.textContent.includes(f.message)) problems.push({ index: i, problem: 'note' });
          marked += 1;
        } else if (primary.length === 0 && items.length === 1) {
          if (!items[0].textContent.includes(f.message)) problems.push({ index: i, problem: 'listed note' });
          listed += 1;
        } else {
          problems.push({ index: i, problem: `${primary.length} marks, ${items.length} list items` });
        }
      });
      const ids = new Set(Array.from(document.querySelectorAll('[data-finding]'),
        (e) => e.getAttribute('data-finding')));
      return { expected: expected.length, marked, listed, distinct_ids: ids.size,
        split_parts: document.querySelectorAll('mark[data-cont]').length, problems };
    }, findings);

    // -- charts
    out.charts = await page.evaluate(() => Array.from(document.querySelectorAll('svg.chart'), (svg) => {
      const box = svg.getBoundingClientRect();
      const bars = Array.from(svg.querySelectorAll('rect.bar'), (r) => r.getBoundingClientRect());
      const title = svg.querySelector('title');
      const labelled = svg.getAttribute('aria-labelledby');
      return { id: svg.id, role: svg.getAttribute('role'), width: box.width, height: box.height,
        bars: bars.length, empty_bars: bars.filter((b) => b.width <= 0 || b.height <= 0).length,
        title: title ? title.textContent : null,
        labelled_by_title: !!(title && labelled && labelled.split(' ').includes(title.id)) };
    }));

    // -- keyboard: Tab from the top; the skip link comes first, then a mark and its note
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.keyboard.press('Tab');
    out.first_tab = await page.evaluate(() => {
      const a = document.activeElement;
      return { tag: a.tagName.toLowerCase(), text: a.textContent.trim(), href: a.getAttribute('href') };
    });
    let tabs = 1;
    let focused = null;
    while (tabs < MAX_TABS) {
      await page.keyboard.press('Tab');
      tabs += 1;
      focused = await page.evaluate(() => {
        const a = document.activeElement;
        return a && a.matches('mark[data-finding]') ? a.getAttribute('data-finding') : null;
      });
      if (focused !== null) break;
    }
    out.keyboard = { tabs, finding: focused === null ? null : Number(focused) };
    if (focused !== null) {
      Object.assign(out.keyboard, await page.evaluate(() => {
        const m = document.activeElement;
        const tip = document.getElementById('tip');
        const t = tip.getBoundingClientRect();
        const style = getComputedStyle(m);
        return { tip_visible: !tip.hidden && t.width > 0 && t.height > 0,
          tip_text: tip.textContent, outline: `${style.outlineStyle} ${style.outlineWidth}`,
          tip_in_viewport: t.top >= 0 && t.left >= 0 && t.right <= window.innerWidth };
      }));
      out.keyboard.expected_message = findings[out.keyboard.finding].message;
      await page.keyboard.press('Escape');
      out.keyboard.hidden_after_escape = await page.evaluate(() => document.getElementById('tip').hidden);
      // hover another mark with the mouse
      const other = page.locator('mark[data-finding]:not([data-cont])').nth(3);
      await other.scrollIntoViewIfNeeded();
      await other.hover();
      out.hover = await page.evaluate(() => {
        const tip = document.getElementById('tip');
        return { visible: !tip.hidden && tip.getBoundingClientRect().height > 0, text: tip.textContent };
      });
      out.hover.finding = Number(await other.getAttribute('data-finding'));
      out.hover.expected_message = findings[out.hover.finding].message;
      await page.mouse.move(0, 0);
      await page.keyboard.press('Escape');
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
    }

    // -- axe-core, every rule. Evaluated over the DevTools protocol, so the report's CSP
    // stays in force (no bypassCSP) and axe still runs.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.evaluate(axeSource);
    const axe = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations', 'incomplete'] });
      const slim = (v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({ html: n.html.slice(0, 200), target: n.target })) });
      return { version: window.axe.version, violations: r.violations.map(slim),
        incomplete: r.incomplete.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })) };
    });
    out.axe = axe;

    // -- screenshots
    if (opts.fullScreenshot) {
      await page.screenshot({ path: opts.fullScreenshot, fullPage: true });
      out.full_screenshot = opts.fullScreenshot;
    }
    if (opts.screenshot) {
      const selector = opts.doc ? `section.doc[data-path="${opts.doc.replace(/"/g, '\\"')}"]` : null;
      const docHandle = await page.evaluateHandle((sel) => {
        if (sel) return document.querySelector(sel);
        let best = null;
        let most = -1;
        for (const s of document.querySelectorAll('section.doc')) {
          const n = s.querySelectorAll('pre.src mark[data-finding]').length;
          if (n > most) { best = s; most = n; }
        }
        return best;
      }, selector);
      const el = docHandle.asElement();
      if (!el) fail(`no document section to screenshot (${opts.doc || 'none has highlights'})`);
      // focus a highlight so that the picture shows a note as well
      const mark = await el.$('pre.src mark[data-finding]:not([data-cont]) mark[data-finding]:not([data-cont])')
        || await el.$('pre.src mark[data-finding]:not([data-cont])');
      await el.scrollIntoViewIfNeeded();
      if (mark) await mark.focus();
      const box = await el.boundingBox();
      const docShot = await page.screenshot({ fullPage: true, clip: { x: box.x + await page.evaluate(() => window.scrollX),
        y: box.y + await page.evaluate(() => window.scrollY) - 8,
        width: Math.min(box.width, VIEWPORT.width), height: Math.min(box.height + 8, DOC_CLIP_HEIGHT) } });
      const docLeft = Math.round(box.x);
      const composite = await context.newPage();
      await composite.setViewportSize({ width: VIEWPORT.width, height: 600 });
      await composite.setContent(
        '<!DOCTYPE html><html><head><style>body{margin:0;background:#fff}img{display:block}'
        + `.doc{margin-left:${docLeft}px}hr{margin:0;border:0;border-top:4px solid #12344d}</style></head><body>`
        + `<img src="data:image/png;base64,${firstScreen.toString('base64')}" alt="">`
        + '<hr>'
        + `<img class="doc" src="data:image/png;base64,${docShot.toString('base64')}" alt="">`
        + '</body></html>', { waitUntil: 'load' });
      await composite.screenshot({ path: opts.screenshot, fullPage: true });
      await composite.close();
      out.screenshot = opts.screenshot;
    }
    out.requests = Array.from(new Set(out.requests));
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    await browser.close().catch(() => {});
  }
}

main().catch((err) => fail(err && err.message ? err.message : err));
