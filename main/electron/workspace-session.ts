// The open workspace as the shell sees it: which file is open, its instance lock, the recent list, the
// import journal, and the offer to resume interrupted work. Every API call from the window passes
// through `invoke`, so a `study-open` from the page takes the lock exactly like File › Open does.
import { resolve } from 'node:path';
import type { BackendHost } from './backend-host.js';
import type { ImportJournal } from './import-journal.js';
import { isTerminal } from './import-journal.js';
import type { WorkspaceLock } from './instance-lock.js';
import { addRecent, forgetLast, type RecentState } from '../study/recent.js';
import { resumeOffer, type ResumeOffer, type RunLike } from './resume.js';

export interface SessionUi {
  /** Shows the offer; true to resume. */
  askResume(offer: ResumeOffer): Promise<boolean>;
  error(title: string, message: string): void;
  /** The open workspace or the recent list changed (rebuild the menu, retitle the window). */
  changed(current: string | null): void;
}

export interface SessionDeps {
  host: Pick<BackendHost, 'call' | 'closeWorkspace' | 'onEvent' | 'onExit'>;
  recent: { get(): RecentState; update(change: (s: RecentState) => RecentState): RecentState };
  journal: Pick<ImportJournal, 'record' | 'forget' | 'pendingFor' | 'has'>;
  lock: (workspace: string) => WorkspaceLock;
  ui: SessionUi;
  log?: (message: string) => void;
}

const isFile = (p: string) => p !== ':memory:';

export class WorkspaceSession {
  private currentPath: string | null = null;
  private readonly locks = new Map<string, WorkspaceLock>();
  private readonly declined = new Set<string>();
  private lastCrash = 0;
  /** The offer in progress, so tests (and quit) can wait for it. */
  resuming: Promise<void> = Promise.resolve();

  constructor(private readonly d: SessionDeps) {
    d.host.onEvent((name, payload) => this.onEvent(name, payload));
    d.host.onExit((code) => this.onBackendExit(code));
  }

  get current(): string | null {
    return this.currentPath;
  }

  /** Every call from the window. `study-open` and `import-start` get the shell's bookkeeping. */
  async invoke(method: string, args: unknown): Promise<unknown> {
    if (method === 'study-open') {
      const path = (args as { path?: unknown } | null)?.path;
      if (typeof path === 'string' && path.trim()) return this.open(path);
    }
    const result = await this.d.host.call(method, args);
    if (method === 'import-start' && this.currentPath) {
      const jobId = (result as { jobId?: unknown } | null)?.jobId;
      if (typeof jobId === 'string') this.d.journal.record(this.currentPath, jobId, args);
    }
    return result;
  }

  /** Opens a workspace file: lock first (a second instance is refused), then the backend opens it. */
  async open(path: string): Promise<unknown> {
    const p = isFile(path) ? resolve(path) : path;
    const fresh = isFile(p) && !this.locks.has(p);
    if (isFile(p)) this.takeLock(p);
    try {
      const info = await this.d.host.call('study-open', { path: p });
      this.adopt(p);
      return info;
    } catch (e) {
      if (fresh && this.currentPath !== p) this.dropLock(p);
      throw e;
    }
  }

  /** Closes the workspace in the backend, frees its lock and forgets it as the one to reopen. */
  async close(): Promise<void> {
    await this.d.host.closeWorkspace();
    for (const p of [...this.locks.keys()]) this.dropLock(p);
    this.currentPath = null;
    this.d.recent.update(forgetLast);
    this.d.ui.changed(null);
  }

  /** Quit: free the locks (the backend process is stopped by the caller). */
  dispose(): void {
    for (const p of [...this.locks.keys()]) this.dropLock(p);
  }

  private takeLock(p: string): void {
    if (!this.locks.has(p)) this.locks.set(p, this.d.lock(p));
  }

  private dropLock(p: string): void {
    this.locks.get(p)?.release();
    this.locks.delete(p);
  }

  /** The backend has `path` open now (File › Open, the page, or the demo): record it, lock it, offer to resume. */
  private adopt(path: string): void {
    const p = isFile(path) ? resolve(path) : path;
    if (p === this.currentPath) return;
    if (isFile(p)) {
      try {
        this.takeLock(p);
      } catch (e) {
        this.d.log?.(`could not lock ${p}: ${(e as Error).message}`);
      }
    }
    for (const other of [...this.locks.keys()]) if (other !== p) this.dropLock(other);
    this.currentPath = p;
    if (isFile(p)) this.d.recent.update((s) => addRecent(s, p));
    this.d.ui.changed(p);
    this.resuming = this.offerResume(p);
  }

  private onEvent(name: string, payload: unknown): void {
    if (name === 'study-changed') {
      const path = (payload as { path?: unknown } | null)?.path;
      if (typeof path === 'string') this.adopt(path);
    } else if (name === 'job-progress') {
      const job = payload as { id?: unknown; state?: unknown } | null;
      if (typeof job?.id === 'string' && typeof job.state === 'string' && isTerminal(job.state) && this.d.journal.has(job.id)) this.d.journal.forget(job.id);
    }
  }

  private async offerResume(path: string): Promise<void> {
    let runs: RunLike[] = [];
    try {
      runs = (await this.d.host.call('judge-runs', undefined)) as RunLike[];
    } catch (e) {
      this.d.log?.(`judge-runs failed: ${(e as Error).message}`);
    }
    const offer = resumeOffer(runs, this.d.journal.pendingFor(path), this.declined);
    if (!offer || this.currentPath !== path) return;
    if (!(await this.d.ui.askResume(offer))) {
      for (const r of offer.runs) this.declined.add(r.runId);
      for (const i of offer.imports) this.d.journal.forget(i.jobId);
      return;
    }
    const failures: string[] = [];
    for (const r of offer.runs) {
      try {
        await this.d.host.call('judge-resume', { runId: r.runId });
      } catch (e) {
        failures.push(`Judge run ${r.label ?? r.runId}: ${(e as Error).message}`);
      }
    }
    for (const i of offer.imports) {
      this.d.journal.forget(i.jobId);
      try {
        await this.invoke('import-start', i.request);
      } catch (e) {
        failures.push(`Import ${i.jobId}: ${(e as Error).message}`);
      }
    }
    if (failures.length) this.d.ui.error('Some work could not be resumed', failures.join('\n'));
  }

  /** The backend process died: tell the user and reopen the workspace in a fresh one (not in a crash loop). */
  private onBackendExit(code: number): void {
    const path = this.currentPath;
    const now = Date.now();
    const loop = now - this.lastCrash < 60_000;
    this.lastCrash = now;
    this.currentPath = null;
    this.d.ui.error('The backend stopped', `The process that runs the database exited (code ${code}).${path && !loop ? ' The workspace is being reopened.' : ''}`);
    if (path && !loop) {
      void this.open(path).catch((e) => this.d.ui.error('Could not reopen the workspace', (e as Error).message));
    } else {
      for (const p of [...this.locks.keys()]) this.dropLock(p);
      this.d.ui.changed(null);
    }
  }
}
