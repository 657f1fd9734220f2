import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { App } from '../../main/api/app.js';
import { serveHttp, type HttpServer } from '../../main/api/http.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the renderer into outDir with the project's Vite config (browser-mode assets for e2e tests). */
export function buildRenderer(outDir: string): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'pipe' });
}

/**
 * Debian's Chromium, headless, with the flags this offline machine needs (no background networking,
 * no component updates); never a browser download.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** A page that records page errors and console errors into `errors`, so tests can assert a clean run. */
export async function newPage(browser: Browser, viewport: { width: number; height: number }, errors: string[], opts: { acceptDownloads?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: opts.acceptDownloads ?? false });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return page;
}

/** Browser mode as an e2e test drives it: the built renderer and the API on 127.0.0.1, and one Chromium page. */
export interface BrowserModeSession {
  server: HttpServer;
  browser: Browser;
  page: Page;
  /** Closes the browser, then the server (the backend and temp folders stay the test's to close). */
  close(): Promise<void>;
}

/** Builds the renderer into `outDir`, serves it with `app`'s API, and opens a recording page (see newPage). */
export async function openBrowserMode(
  app: App, outDir: string, viewport: { width: number; height: number }, errors: string[], opts: { acceptDownloads?: boolean } = {},
): Promise<BrowserModeSession> {
  buildRenderer(outDir);
  const server = await serveHttp(app, { port: 0, staticDir: outDir });
  const browser = await launchChromium();
  const page = await newPage(browser, viewport, errors, opts);
  return { server, browser, page, close: async () => { await browser.close(); await server.close(); } };
}
