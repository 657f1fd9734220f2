// One running app per workspace file: a lock file next to the workspace names the process that has it
// open. A second instance gets a message naming that process instead of DuckDB's "could not set lock"
// error; a lock left by a crashed process (its pid no longer running) is taken over.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { resolve } from 'node:path';

export interface LockInfo { pid: number; hostname: string; startedAt: string }

export class WorkspaceLockedError extends Error {
  readonly code = 'workspace-locked';
  constructor(readonly workspace: string, readonly holder: LockInfo) {
    super(`${workspace} is open in another Empathy Workbench window (process ${holder.pid} on ${holder.hostname}). ` +
      `Switch to that window, or quit it first. If no Empathy Workbench is running there, delete ${lockPathFor(workspace)}.`);
    this.name = 'WorkspaceLockedError';
  }
}

export function lockPathFor(workspace: string): string {
  return `${resolve(workspace)}.lock`;
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof j.pid === 'number' && typeof j.hostname === 'string' ? { pid: j.pid, hostname: j.hostname, startedAt: String(j.startedAt ?? '') } : null;
  } catch {
    return null;
  }
}

export interface WorkspaceLock {
  readonly workspace: string;
  readonly file: string;
  /** Removes the lock file if it is still ours. */
  release(): void;
}

export interface LockOptions {
  pid?: number;
  hostname?: string;
  alive?: (pid: number) => boolean;
  /** How long an unreadable lock file counts as being written by a live process (ms). */
  graceMs?: number;
  now?: () => number;
}

/**
 * Takes the lock for `workspace` or throws `WorkspaceLockedError`. Taking a lock this process already
 * holds succeeds. A lock on another host cannot be checked (a shared drive), so it is respected.
 */
export function acquireWorkspaceLock(workspace: string, opts: LockOptions = {}): WorkspaceLock {
  const { pid = process.pid, hostname = osHostname(), alive = isPidAlive, graceMs = 2000, now = Date.now } = opts;
  const file = lockPathFor(workspace);
  const lock: WorkspaceLock = {
    workspace: resolve(workspace),
    file,
    release() {
      const holder = readLock(file);
      if (holder && holder.pid === pid && holder.hostname === hostname) rmSync(file, { force: true });
    },
  };
  const mine: LockInfo = { pid, hostname, startedAt: new Date(now()).toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      return lock;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readLock(file);
    if (holder) {
      if (holder.pid === pid && holder.hostname === hostname) return lock;
      if (holder.hostname !== hostname || alive(holder.pid)) throw new WorkspaceLockedError(lock.workspace, holder);
    } else {
      // Unreadable: another process may be between creating and writing it. Only an old one is stale.
      let age = Infinity;
      try { age = now() - statSync(file).mtimeMs; } catch { /* gone already */ }
      if (age < graceMs) throw new WorkspaceLockedError(lock.workspace, { pid: 0, hostname: 'unknown', startedAt: '' });
    }
    rmSync(file, { force: true });
  }
  throw new WorkspaceLockedError(lock.workspace, readLock(file) ?? { pid: 0, hostname: 'unknown', startedAt: '' });
}
