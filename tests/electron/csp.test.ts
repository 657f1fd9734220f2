// One Content-Security-Policy: the header the shell adds and the <meta> the built page carries are the
// same string. The page is checked as the build makes it (vite.config.ts's transform of
// renderer/index.html), since that is the file Electron loads over file://.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import viteConfig from '../../vite.config.js';
import { CSP, withCsp } from '../../main/electron/csp.js';

const root = resolve(import.meta.dirname, '../..');
const sourceHtml = readFileSync(resolve(root, 'renderer/index.html'), 'utf8');

function cspMetas(html: string): string[] {
  return [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((m) => m[1]);
}

async function builtHtml(): Promise<string> {
  const flatten = (xs: unknown[]): Plugin[] => xs.flatMap((x) => (Array.isArray(x) ? flatten(x) : x ? [x as Plugin] : []));
  const plugins = flatten((viteConfig.plugins ?? []) as unknown[]);
  let html = sourceHtml;
  for (const p of plugins) {
    const t = p?.transformIndexHtml;
    if (!t || (p.apply && p.apply !== 'build')) continue;
    const handler = typeof t === 'function' ? t : t.handler;
    const out = await (handler as (html: string, ctx: unknown) => unknown)(html, { path: '/index.html', filename: resolve(root, 'renderer/index.html') });
    if (typeof out === 'string') html = out;
  }
  return html;
}

describe('the CSP', () => {
  it('the built page carries exactly one CSP meta, equal to the shell constant', async () => {
    expect(cspMetas(await builtHtml())).toEqual([CSP]);
  });

  it('renderer/index.html has no CSP meta of its own that could differ', () => {
    for (const m of cspMetas(sourceHtml)) expect(m).toBe(CSP);
  });

  it('allows no inline or remote script, no remote connection, no plugins', () => {
    const directives = Object.fromEntries(CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    // eval, not inline scripts: regl (the map's WebGL layer) compiles its draw commands with Function().
    expect(directives['script-src']).toEqual(["'self'", "'unsafe-eval'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(CSP).not.toMatch(/\*/);
  });

  it('withCsp sets the header and replaces any existing one, whatever its case', () => {
    const h = withCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] });
    expect(h).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CSP] });
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CSP] });
  });
});
