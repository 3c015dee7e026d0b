// Test-only: what run_axe.mjs and report_check.mjs share — Debian's headless Chromium started
// through playwright-core (no browser download) and a network that goes nowhere.
//
// Every request that is not file:, data: or about: is aborted and recorded. Routing alone is
// not enough: Chromium still looks up accounts.google.com at start-up, and an aborted iframe
// navigation still resolves and connects to its host. So Chromium is also pointed at a dead
// local proxy (127.0.0.1:9, loopback included): whatever slips past the route fails there,
// with no DNS lookup, instead of leaving the machine.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const AXE_PATH = join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Safety net behind the request routing (see the top of this file).
  '--proxy-server=http://127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
];

export function isLocal(url) {
  return url.startsWith('file:') || url.startsWith('data:') || url.startsWith('about:');
}

/** A fail(message) that prints one line on stderr, prefixed with the script's name, and exits 2. */
export function failer(name) {
  return (message) => {
    process.stderr.write(`${name}: ${String(message).split('\n')[0]}\n`);
    process.exit(2);
  };
}

/** Start Chromium ($CHROMIUM, default /usr/bin/chromium) and read axe-core's source.
 *  playwright-core gives the browser a fresh, empty --user-data-dir of its own. */
export async function startBrowser(fail) {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(executablePath)) fail(`Chromium not found at ${executablePath} (set CHROMIUM)`);
  if (!existsSync(AXE_PATH)) fail(`axe-core not installed (${AXE_PATH}): run npm ci in ${HERE}`);
  const axeSource = readFileSync(AXE_PATH, 'utf8');
  try {
    const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    return { browser, axeSource };
  } catch (err) {
    fail(`could not start Chromium at ${executablePath}: ${err.message.split('\n')[0]}`);
  }
  return null;
}

/** Abort every non-local request and web socket of ``context``; ``blocked()`` returns the list
 *  the URLs go to (it may change between pages), ``onRequest(url)`` sees every request. */
export async function blockNetwork(context, blocked, onRequest = null) {
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (onRequest) onRequest(url);
    if (isLocal(url)) return route.continue();
    const list = blocked();
    if (!list.includes(url)) list.push(url);
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(/.*/, (ws) => {
    const list = blocked();
    if (!list.includes(ws.url())) list.push(ws.url());
    ws.close();
  });
}
