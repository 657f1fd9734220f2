// `npm start` on a machine where Electron cannot run must still end in a working app: both paths, run
// as the real script in a child process (the Electron binary faked through ELECTRON_OVERRIDE_DIST_PATH,
// which Electron itself honours).
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { desktopVerdict } from '../../scripts/desktop-check.mjs';
import { tempDir } from '../helpers/tiny-study.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const tmp = tempDir('workbench-start-');
afterAll(() => tmp.cleanup());

describe('desktopVerdict', () => {
  const facts = { nodeVersion: 'v22.12.0', electronBinary: '/x/electron', platform: 'linux', env: { DISPLAY: ':0' } };
  it('says yes when the binary is there and there is a display', () => {
    expect(desktopVerdict(facts)).toEqual({ ok: true });
    expect(desktopVerdict({ ...facts, platform: 'darwin', env: {} })).toEqual({ ok: true });
  });
  it('names the Node version when the binary could not be installed under an old Node', () => {
    const v = desktopVerdict({ ...facts, nodeVersion: 'v20.20.2', electronBinary: null });
    expect(v).toMatchObject({ ok: false, reason: expect.stringContaining('Node ≥ 22.12'), remedy: expect.stringContaining('Node 22.12 or newer') });
    expect(v.reason).toContain('20.20.2');
  });
  it('a missing binary under a new enough Node, and a missing display, each get their own sentence', () => {
    expect(desktopVerdict({ ...facts, electronBinary: null })).toMatchObject({ ok: false, reason: expect.stringMatching(/not installed/) });
    expect(desktopVerdict({ ...facts, env: {} })).toMatchObject({ ok: false, reason: expect.stringMatching(/no display/) });
    expect(desktopVerdict({ ...facts, env: { WAYLAND_DISPLAY: 'wayland-0' } })).toEqual({ ok: true });
  });
});

function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs'), ...args], {
    cwd: ROOT, env: { ...process.env, WORKBENCH_START_SKIP_BUILD: '1', WORKBENCH_NO_BROWSER: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => { out += c; });
  child.stderr.on('data', (c) => { err += c; });
  return { child, out: () => out, err: () => err };
}

describe('npm start', () => {
  it('without a usable Electron: one sentence why, then browser mode whose printed link works', async () => {
    const noElectron = join(tmp.path, 'no-electron');
    mkdirSync(noElectron, { recursive: true });
    const staticDir = join(tmp.path, 'static');
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    const s = start(['--db', join(tmp.path, 'study.duckdb'), '--port', '0', '--static', staticDir], { ELECTRON_OVERRIDE_DIST_PATH: noElectron });
    try {
      const end = Date.now() + 60_000;
      while (!/\n/.test(s.out()) && Date.now() < end && s.child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      expect(s.err()).toMatch(/the desktop app cannot start here\. .+\. .+\nStarting browser mode instead\./);
      expect(s.err()).not.toMatch(/at .+\.(js|mjs|ts):\d+/); // no stack trace
      const link = s.out().split('\n')[0].trim();
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{22,}$/);
      const u = new URL(link);
      const res = await fetch(`${u.origin}/api/study-info`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${u.searchParams.get('token')}` }, body: 'null',
      });
      expect(res.status).toBe(200);
      expect((await res.json()).result.path).toBe(join(tmp.path, 'study.duckdb'));
    } finally {
      s.child.kill('SIGTERM');
    }
  }, 90_000);

  it('with Electron installed and a display: starts it on the app folder with the arguments given', async () => {
    const dist = join(tmp.path, 'fake-electron');
    mkdirSync(dist, { recursive: true });
    const record = join(tmp.path, 'electron-args.txt');
    writeFileSync(join(dist, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
    chmodSync(join(dist, 'electron'), 0o755);
    const s = start(['--db=/tmp/x.duckdb'], { ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':99' });
    const code = await new Promise<number | null>((ok) => s.child.on('exit', ok));
    expect(code).toBe(0);
    expect(s.err()).not.toMatch(/cannot start/);
    expect(readFileSync(record, 'utf8').trim().split('\n')).toEqual([ROOT, '--db=/tmp/x.duckdb']);
  });
});
