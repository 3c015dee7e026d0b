#!/usr/bin/env node
// Test-only harness: run axe-core on local HTML files in Debian's headless Chromium.
//
//   node run_axe.mjs [--rules image-alt,link-name,...] FILE.html...
//
// One browser, one page reused for every file. Every request that is not file: or data: is
// aborted and recorded (plainspeak never uses the network, and neither do its tests). Routing
// alone is not enough: Chromium still looks up accounts.google.com at start-up, and an aborted
// iframe navigation still resolves and connects to its host. So Chromium is also pointed at a
// dead local proxy (127.0.0.1:9, loopback included): whatever slips past the route fails there,
// with no DNS lookup, instead of leaving the machine. Prints one JSON object to stdout:
//   {"axe_version": "...", "results": {FILE: {"violations": [{"id", "impact",
//     "nodes": [{"html", "target"}]}], "console_errors": [...], "blocked": [...]}}}
// Chromium: $CHROMIUM, default /usr/bin/chromium. On failure: one line on stderr, exit 2.
// Used by tests/axe_harness.py; install with `npm ci` in this folder.

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { blockNetwork, failer, startBrowser } from './browser.mjs';

const PAGE_TIMEOUT_MS = 30000;

const fail = failer('run_axe');

function parseArgs(argv) {
  let rules = null;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--rules' || arg.startsWith('--rules=')) {
      const value = arg === '--rules' ? argv[++i] : arg.slice('--rules='.length);
      if (value === undefined) fail('--rules needs a comma-separated list of axe rule ids');
      rules = value.split(',').map((r) => r.trim()).filter(Boolean);
      if (rules.length === 0) rules = null;  // empty list: all rules
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: node run_axe.mjs [--rules RULE,RULE...] FILE.html...\n');
      process.exit(0);
    } else if (arg === '--') {
      files.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('--')) {
      fail(`unknown option ${arg}`);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) fail('no files given (usage: node run_axe.mjs [--rules R,R...] FILE.html...)');
  for (const f of files) {
    if (!existsSync(f) || !statSync(f).isFile()) fail(`not a file: ${f}`);
  }
  return { rules, files };
}

async function main() {
  const { rules, files } = parseArgs(process.argv.slice(2));
  const { browser, axeSource } = await startBrowser(fail);
  try {
    // bypassCSP: a page's Content-Security-Policy must not stop axe from being injected.
    const context = await browser.newContext({ bypassCSP: true, serviceWorkers: 'block' });
    context.setDefaultTimeout(PAGE_TIMEOUT_MS);
    let blocked = [];
    let consoleErrors = [];
    await blockNetwork(context, () => blocked);
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const where = msg.location() && msg.location().url;
      consoleErrors.push(where ? `${msg.text()} (${where})` : msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(`uncaught: ${err.message}`));

    const options = { resultTypes: ['violations'] };
    if (rules) options.runOnly = { type: 'rule', values: rules };

    let axeVersion = null;
    const results = {};
    for (const file of files) {
      await page.goto('about:blank');
      blocked = [];
      consoleErrors = [];
      const url = pathToFileURL(resolve(file)).href;
      await page.goto(url, { waitUntil: 'load' });
      // Into every local frame (file:, data:, srcdoc), so that axe also checks what is inside
      // iframes; a blocked frame (Chromium's error page) is left out.
      for (const frame of page.frames()) {
        if (frame === page.mainFrame() || /^(file|data|about):/.test(frame.url())) {
          await frame.addScriptTag({ content: axeSource });
          // file: pages have an opaque ("null") origin; axe only talks to frames of allowed ones.
          await frame.evaluate(() => window.axe.configure({ allowedOrigins: ['<unsafe_all_origins>'] }));
        }
      }
      let out;
      try {
        out = await page.evaluate(async (opts) => {
          const r = await window.axe.run(document, opts);
          return {
            version: window.axe.version,
            violations: r.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              nodes: v.nodes.map((n) => ({ html: n.html, target: n.target })),
            })),
          };
        }, options);
      } catch (err) {
        throw new Error(`axe failed on ${file}: ${err.message.split('\n')[0]}`);
      }
      axeVersion = out.version;
      results[file] = {
        violations: out.violations,
        console_errors: consoleErrors,
        blocked,
      };
    }
    process.stdout.write(JSON.stringify({ axe_version: axeVersion, results }) + '\n');
  } finally {
    await browser.close().catch(() => {});
  }
}

main().catch((err) => fail(err && err.message ? err.message : err));
