// Keeps the word index in step with the open workspace: after every import (and when a workspace opens
// with a missing or stale index) it rebuilds the index as a background job on a connection of its own,
// while the explorer keeps answering with the scan.
import type { Db, Workspace } from '../db/workspace.js';
import type { JobContext, JobRunner } from '../jobs/runner.js';
import { buildWordIndex, readyDocs, type WordIndexBuild } from './word-index.js';
import { explorerDocsState, fillExplorerDocs } from './explorer-docs.js';

export interface SearchIndexHost {
  readonly workspace: Workspace;
  readonly jobs: JobRunner;
}

export class SearchIndexService {
  private running: string | null = null;
  private again = false;
  /** The staleness check before a job starts: it reads the open workspace, so closing it must wait for it. */
  private checking: Promise<string | null> | null = null;

  constructor(private readonly host: SearchIndexHost) {}

  /**
   * Starts a rebuild when the index does not match the workspace's imports. A rebuild that is already
   * running is followed by one more, so an import that lands during a build is indexed too.
   * Returns the job id, or null when the index is up to date.
   */
  refresh(): Promise<string | null> {
    const check = this.check();
    this.checking = check;
    return check.finally(() => { if (this.checking === check) this.checking = null; });
  }

  private async check(): Promise<string | null> {
    if (this.running) { this.again = true; return this.running; }
    const ws = this.host.workspace;
    if ((await readyDocs(ws.db)) !== null) return (await explorerDocsState(ws.db)) === 'stale' ? this.fillDocs() : null;
    const conversations = await ws.db.value<number>('SELECT count(*) FROM conversation_stats');
    if (!conversations && !(await ws.db.value<number>('SELECT count(*) FROM search_docs'))) return null;
    return this.startJob('Building the word index for text search', async (db, ctx) => {
      const conn = db.conn;
      // The build is a few long statements: a cancel interrupts the one running, and the transaction rolls back.
      ctx.signal.addEventListener('abort', () => conn.interrupt(), { once: true });
      const built: WordIndexBuild = await buildWordIndex(db);
      ctx.progress(1, 1, `Indexed ${built.terms.toLocaleString('en')} words of ${built.docs.toLocaleString('en')} conversations`);
      return built;
    });
  }

  /**
   * Refills the explorer's page table for an index that is up to date (a workspace indexed before migration 11, or
   * conversations changed in place since: the explorer asks for it when a page finds the table stale): seconds at 100x,
   * and the explorer reads conversation_stats meanwhile.
   */
  private fillDocs(): string {
    return this.startJob('Preparing the explorer’s page table', async (db, ctx) => {
      const conversations = await db.transaction(() => fillExplorerDocs(db));
      ctx.progress(1, 1, `Explorer pages keyed for ${conversations.toLocaleString('en')} conversations`);
      return { conversations };
    });
  }

  /** One search-index job on a connection of its own; when it ends, a refresh asked for meanwhile runs. */
  private startJob<R>(message: string, work: (db: Db, ctx: JobContext) => Promise<R>): string {
    const ws = this.host.workspace;
    const job = this.host.jobs.start('search-index', async (ctx) => {
      ctx.progress(0, 1, message);
      let db: Db | null = null;
      try {
        db = await ws.connect();
        return await work(db, ctx);
      } finally {
        db?.close();
        this.running = null;
        if (this.again) { this.again = false; void this.refresh().catch(() => {}); }
      }
    });
    this.running = job.id;
    return job.id;
  }

  /** Cancels a running build and waits for it to roll back, so its workspace can close under it. */
  async stop(): Promise<void> {
    await this.checking?.catch(() => null);
    const id = this.running;
    if (!id) return;
    this.again = false;
    this.host.jobs.cancel(id);
    await this.host.jobs.wait(id);
  }
}
