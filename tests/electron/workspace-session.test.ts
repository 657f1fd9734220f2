// The shell's workspace bookkeeping with a fake backend host and real lock, recent and journal files:
// locks before opening, recent list, resume offers for interrupted judge runs and imports, close, and
// reopening after the backend process dies.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportJournal } from '../../main/electron/import-journal.js';
import { acquireWorkspaceLock, lockPathFor } from '../../main/electron/instance-lock.js';
import { RecentStore } from '../../main/study/recent.js';
import type { ResumeOffer } from '../../main/electron/resume.js';
import { WorkspaceSession, type SessionDeps } from '../../main/electron/workspace-session.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A backend host that answers from `answer`, emitting study-changed like the real study handlers do. */
type SessionHost = SessionDeps['host'];
class FakeHost implements SessionHost {
  calls: [string, unknown][] = [];
  closes = 0;
  runs: unknown[] = [];
  failOpen: string | null = null;
  private events = new Set<(name: string, payload: unknown) => void>();
  private exits = new Set<(code: number) => void>();
  private jobs = 0;

  async call(method: string, args: unknown): Promise<unknown> {
    this.calls.push([method, args]);
    if (method === 'study-open') {
      if (this.failOpen) throw Object.assign(new Error(this.failOpen), { code: 'bad-request' });
      const path = (args as { path: string }).path;
      this.emit('study-changed', { path }); // the event arrives before the answer, as over the real port
      return { path };
    }
    if (method === 'judge-runs') return this.runs;
    if (method === 'judge-resume') return { runId: (args as { runId: string }).runId, jobId: 'job-r' };
    if (method === 'import-start') return { jobId: `job-${++this.jobs}` };
    return null;
  }
  async closeWorkspace() { this.closes++; return { closed: true }; }
  onEvent(l: (name: string, payload: unknown) => void) { this.events.add(l); return () => this.events.delete(l); }
  onExit(l: (code: number) => void) { this.exits.add(l); return () => this.exits.delete(l); }
  emit(name: string, payload: unknown) { for (const l of this.events) l(name, payload); }
  crash(code: number) { for (const l of this.exits) l(code); }
  methods() { return this.calls.map(([m]) => m); }
}

function setup(answerResume = true) {
  const dir = mkdtempSync(join(tmpdir(), 'wb-session-'));
  dirs.push(dir);
  const host = new FakeHost();
  const offers: ResumeOffer[] = [];
  const errors: string[] = [];
  const changes: (string | null)[] = [];
  const recent = new RecentStore(join(dir, 'userData', 'recent.json'));
  const journal = new ImportJournal(join(dir, 'userData', 'pending-imports.json'));
  const session = new WorkspaceSession({
    host, recent, journal,
    lock: (p) => acquireWorkspaceLock(p),
    ui: {
      askResume: async (o) => { offers.push(o); return answerResume; },
      error: (title, message) => errors.push(`${title}: ${message}`),
      changed: (c) => changes.push(c),
    },
  });
  return { dir, host, session, offers, errors, changes, recent, journal, ws: (name: string) => join(dir, name) };
}

describe('opening', () => {
  it('a study-open from the page takes the lock, opens in the backend, and records the workspace', async () => {
    const { host, session, recent, changes, ws } = setup();
    const a = ws('a.duckdb');
    await session.invoke('study-open', { path: a });
    expect(host.calls[0]).toEqual(['study-open', { path: a }]);
    expect(JSON.parse(readFileSync(lockPathFor(a), 'utf8')).pid).toBe(process.pid);
    expect(session.current).toBe(a);
    expect(recent.get()).toEqual({ recent: [a], last: a });
    expect(changes).toEqual([a]);
  });

  it('a workspace open in another running instance is refused before the backend touches it', async () => {
    const { host, session, ws } = setup();
    const a = ws('a.duckdb');
    writeFileSync(lockPathFor(a), JSON.stringify({ pid: process.ppid, hostname: hostname(), startedAt: '' }));
    await expect(session.invoke('study-open', { path: a })).rejects.toMatchObject({ code: 'workspace-locked' });
    expect(host.calls).toEqual([]);
    expect(session.current).toBeNull();
  });

  it('switching workspaces frees the old lock; a failed open frees the new one and keeps the old', async () => {
    const { host, session, ws } = setup();
    const [a, b, c] = [ws('a.duckdb'), ws('b.duckdb'), ws('c.duckdb')];
    await session.open(a);
    await session.open(b);
    expect(existsSync(lockPathFor(a))).toBe(false);
    expect(existsSync(lockPathFor(b))).toBe(true);
    host.failOpen = 'Finish or cancel the running job';
    await expect(session.open(c)).rejects.toThrow(/running job/);
    expect(existsSync(lockPathFor(c))).toBe(false);
    expect(existsSync(lockPathFor(b))).toBe(true);
    expect(session.current).toBe(b);
  });

  it('a workspace the backend opened by itself (the demo) is adopted from study-changed', async () => {
    const { host, session, recent, ws } = setup();
    const demo = ws('demo.duckdb');
    host.emit('study-changed', { path: demo });
    expect(session.current).toBe(demo);
    expect(existsSync(lockPathFor(demo))).toBe(true);
    expect(recent.get().last).toBe(demo);
    await session.resuming;
  });

  it('other calls pass through unchanged', async () => {
    const { host, session } = setup();
    await session.invoke('conversations-list', { limit: 5 });
    expect(host.calls).toEqual([['conversations-list', { limit: 5 }]]);
  });
});

describe('resuming interrupted work', () => {
  it('offers interrupted judge runs on open and resumes them when accepted', async () => {
    const { host, session, offers, ws } = setup(true);
    host.runs = [{ runId: 'r1', state: 'interrupted', label: null, mode: 'scores', answered: 3, total: 9 }, { runId: 'r2', state: 'done', label: null, mode: 'scores', answered: 9, total: 9 }];
    await session.open(ws('a.duckdb'));
    await session.resuming;
    expect(offers).toHaveLength(1);
    expect(host.calls.filter(([m]) => m === 'judge-resume')).toEqual([['judge-resume', { runId: 'r1' }]]);
  });

  it('declined runs are not offered again when the workspace reopens in this session', async () => {
    const { host, session, offers, ws } = setup(false);
    host.runs = [{ runId: 'r1', state: 'interrupted', label: null, mode: 'scores', answered: 3, total: 9 }];
    await session.open(ws('a.duckdb'));
    await session.resuming;
    await session.open(ws('b.duckdb'));
    await session.open(ws('a.duckdb'));
    await session.resuming;
    expect(offers).toHaveLength(1);
    expect(host.methods()).not.toContain('judge-resume');
  });

  it('an import cut short is journaled, offered on the next open, and started again with the same request', async () => {
    const first = setup(true);
    const a = first.ws('a.duckdb');
    await first.session.open(a);
    await first.session.resuming;
    const request = { path: '/data/pilot', format: 'auto' };
    expect(await first.session.invoke('import-start', request)).toEqual({ jobId: 'job-1' });
    expect(first.journal.pendingFor(a)).toHaveLength(1);
    first.session.dispose(); // the app quits mid-import

    // The next start: same userData, a new session.
    const host = new FakeHost();
    const offers: ResumeOffer[] = [];
    const session = new WorkspaceSession({
      host, recent: new RecentStore(join(first.dir, 'userData', 'recent.json')), journal: new ImportJournal(join(first.dir, 'userData', 'pending-imports.json')),
      lock: (p) => acquireWorkspaceLock(p), ui: { askResume: async (o) => { offers.push(o); return true; }, error: () => {}, changed: () => {} },
    });
    await session.open(a);
    await session.resuming;
    expect(offers[0].imports.map((i) => i.request)).toEqual([request]);
    expect(host.calls.filter(([m]) => m === 'import-start')).toEqual([['import-start', request]]);
  });

  it('a finished import leaves the journal; a declined one is forgotten', async () => {
    const { host, session, journal, ws } = setup(false);
    const a = ws('a.duckdb');
    await session.open(a);
    await session.resuming;
    await session.invoke('import-start', { path: '/d1', format: 'auto' });
    await session.invoke('import-start', { path: '/d2', format: 'auto' });
    host.emit('job-progress', { id: 'job-1', state: 'running' });
    expect(journal.has('job-1')).toBe(true);
    host.emit('job-progress', { id: 'job-1', state: 'done' });
    expect(journal.has('job-1')).toBe(false);
    await session.open(ws('b.duckdb'));
    await session.open(a); // offers job-2; the user says "Not now"
    await session.resuming;
    expect(journal.pendingFor(a)).toEqual([]);
  });
});

describe('close and crashes', () => {
  it('close shuts the workspace in the backend, frees the lock and forgets it as the one to reopen', async () => {
    const { host, session, recent, changes, ws } = setup();
    const a = ws('a.duckdb');
    await session.open(a);
    await session.close();
    expect(host.closes).toBe(1);
    expect(existsSync(lockPathFor(a))).toBe(false);
    expect(session.current).toBeNull();
    expect(recent.get()).toEqual({ recent: [a], last: null });
    expect(changes.at(-1)).toBeNull();
  });

  it('after a backend crash the workspace reopens in the fresh process, but not in a crash loop', async () => {
    const { host, session, errors, ws } = setup();
    const a = ws('a.duckdb');
    await session.open(a);
    await session.resuming;
    host.calls = [];
    host.crash(139);
    await new Promise((r) => setTimeout(r, 10));
    expect(host.calls[0]).toEqual(['study-open', { path: a }]);
    expect(session.current).toBe(a);
    expect(errors[0]).toMatch(/exited \(code 139\)\. The workspace is being reopened/);
    host.calls = [];
    host.crash(139);
    await new Promise((r) => setTimeout(r, 10));
    expect(host.methods()).not.toContain('study-open');
    expect(session.current).toBeNull();
    expect(existsSync(lockPathFor(a))).toBe(false);
  });
});
