// One running app per workspace file, with real lock files and real processes for live and dead pids.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireWorkspaceLock, isPidAlive, lockPathFor, WorkspaceLockedError } from '../../main/electron/instance-lock.js';

const dirs: string[] = [];
const kids: { kill(): boolean }[] = [];
afterEach(() => {
  for (const k of kids.splice(0)) k.kill();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function workspace(): string {
  const d = mkdtempSync(join(tmpdir(), 'wb-lock-'));
  dirs.push(d);
  return join(d, 'study.duckdb');
}
/** The pid of a process that has exited (the OS does not reuse it within the test). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}
function livePid(): number {
  const c = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  kids.push(c);
  return c.pid!;
}
const writeLock = (ws: string, pid: number, host = hostname()) => writeFileSync(lockPathFor(ws), JSON.stringify({ pid, hostname: host, startedAt: '2026-01-01T00:00:00Z' }));

describe('acquireWorkspaceLock', () => {
  it('writes a lock file next to the workspace naming this process, and release removes it', () => {
    const ws = workspace();
    const lock = acquireWorkspaceLock(ws);
    expect(lock.file).toBe(`${ws}.lock`);
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname() });
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  it('refuses while another live process holds it, naming that process', () => {
    const ws = workspace();
    const pid = livePid();
    writeLock(ws, pid);
    const e = (() => { try { acquireWorkspaceLock(ws); } catch (x) { return x; } })() as WorkspaceLockedError;
    expect(e).toBeInstanceOf(WorkspaceLockedError);
    expect(e.code).toBe('workspace-locked');
    expect(e.message).toContain(`process ${pid}`);
    expect(JSON.parse(readFileSync(lockPathFor(ws), 'utf8')).pid).toBe(pid); // untouched
  });

  it('takes over a stale lock left by a process that no longer runs', () => {
    const ws = workspace();
    writeLock(ws, deadPid());
    const lock = acquireWorkspaceLock(ws);
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
  });

  it('is re-entrant for the same process, and a second process (simulated pid) is refused', () => {
    const ws = workspace();
    acquireWorkspaceLock(ws);
    expect(() => acquireWorkspaceLock(ws)).not.toThrow();
    expect(() => acquireWorkspaceLock(ws, { pid: process.pid + 100000, alive: () => true })).toThrow(WorkspaceLockedError);
  });

  it("does not release another process's lock", () => {
    const ws = workspace();
    const mine = acquireWorkspaceLock(ws, { pid: 111111, alive: () => false });
    writeLock(ws, 222222); // someone took it over meanwhile
    mine.release();
    expect(JSON.parse(readFileSync(lockPathFor(ws), 'utf8')).pid).toBe(222222);
  });

  it("respects a lock from another machine (a shared drive): its pid cannot be checked here", () => {
    const ws = workspace();
    writeLock(ws, deadPid(), 'some-other-host');
    expect(() => acquireWorkspaceLock(ws)).toThrow(/some-other-host/);
  });

  it('an unreadable lock is treated as being written unless it is old', () => {
    const ws = workspace();
    writeFileSync(lockPathFor(ws), '');
    expect(() => acquireWorkspaceLock(ws)).toThrow(WorkspaceLockedError);
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(lockPathFor(ws), old, old);
    expect(acquireWorkspaceLock(ws).workspace).toBe(ws);
  });
});

describe('isPidAlive', () => {
  it('tells running processes from finished ones', () => {
    expect(isPidAlive(process.pid)).toBe(true);
    expect(isPidAlive(livePid())).toBe(true);
    expect(isPidAlive(deadPid())).toBe(false);
    expect(isPidAlive(-1)).toBe(false);
  });
});
