// The built utility-process bundle (dist/electron/backend-process.cjs) run in a real Node child process.
// Electron would give it `process.parentPort`; a tiny bootstrap provides the same shape over Node's IPC
// channel, so this checks the actual bundle: DuckDB loads, a workspace opens, calls are answered, and
// SIGTERM closes it cleanly. It also checks the main-process bundle carries no backend code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BackendHost } from '../../main/electron/backend-host.js';
import { memoryKeyStore } from '../../main/judge/keys.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'wb-bundle-'));
const BOOTSTRAP = `
const { EventEmitter } = require('node:events');
const pp = new EventEmitter();
pp.postMessage = (m) => process.send(m);
process.on('message', (m) => pp.emit('message', { data: m }));
process.parentPort = pp;
require(process.env.BACKEND_ENTRY);
`;

let child: ChildProcess | null = null;
const exitCode = () => new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'pipe' });
  writeFileSync(join(dir, 'bootstrap.cjs'), BOOTSTRAP);
}, 120_000);

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('the Electron bundles', () => {
  it('writes every bundle the shell loads', () => {
    for (const f of ['main.cjs', 'backend-process.cjs', 'preload.cjs', 'workers/sentences.worker.cjs']) expect(existsSync(join(root, 'dist/electron', f)), f).toBe(true);
  });

  it('main.cjs holds no DuckDB or backend code: the window process never runs a query', () => {
    const main = readFileSync(join(root, 'dist/electron/main.cjs'), 'utf8');
    expect(main).not.toMatch(/require\("@duckdb/);
    expect(main).not.toMatch(/class Backend\b/);
    expect(readFileSync(join(root, 'dist/electron/backend-process.cjs'), 'utf8')).toMatch(/require\("@duckdb\/node-api"\)/);
  });

  it('backend-process.cjs answers calls over parentPort and closes cleanly on SIGTERM', async () => {
    const host = new BackendHost({
      keyStore: memoryKeyStore(),
      spawn: () => {
        child = fork(join(dir, 'bootstrap.cjs'), [`--home=${join(dir, 'home')}`], {
          env: { ...process.env, BACKEND_ENTRY: join(root, 'dist/electron/backend-process.cjs'), OPENAI_API_KEY: '' },
          serialization: 'advanced',
          stdio: 'pipe',
        });
        const c = child;
        return {
          port: { post: (m) => void c.send(m), listen: (l) => { c.on('message', l); return () => void c.off('message', l); } },
          kill: () => void c.kill('SIGTERM'),
          onExit: (l) => void c.on('exit', (code) => l(code ?? -1)),
        };
      },
    });
    const path = join(dir, 'bundle.duckdb');
    expect(await host.call('study-open', { path })).toMatchObject({ path, conversations: 0 });
    expect(await host.call('study-info', undefined)).toMatchObject({ path, schemaVersion: expect.any(Number) });
    await expect(host.call('no-such-method', undefined)).rejects.toMatchObject({ code: 'unknown-method' });
    const exited = exitCode();
    host.stop();
    expect(await exited).toBe(0);
  }, 60_000);
});
