// One background build over the open workspace at a time: the word index (main/search/service.ts) and the derived
// tables (main/services/derived/service.ts) both rebuild after new data, as a job on a connection of their own, and
// both must never run twice at once, must run once more when new data lands during a build, and must let the
// workspace close only once nothing of theirs is reading it. That bookkeeping lives here, once.
import type { Db, Workspace } from '../db/workspace.js';
import type { JobContext, JobRunner } from './runner.js';

export interface BackgroundBuildHost {
  readonly workspace: Workspace;
  readonly jobs: JobRunner;
}

/** The work of one build, on its own connection; the connection is interrupted when the job is cancelled. */
export type BuildWork<R> = (db: Db, ctx: JobContext) => Promise<R>;

export class BackgroundBuild {
  private running: string | null = null;
  private again = false;
  /** The staleness check before a job starts: it reads the open workspace, so closing it must wait for it. */
  private checking: Promise<string | null> | null = null;

  /**
   * @param kind the jobs' kind, as the job list shows it
   * @param check decides, on the workspace's main connection, whether a build is due: it returns the job id of one it
   *   started through `start`, or null when everything is up to date
   */
  constructor(
    private readonly host: BackgroundBuildHost,
    private readonly kind: string,
    private readonly check: (start: <R>(message: string, work: BuildWork<R>) => string) => Promise<string | null>,
  ) {}

  /**
   * Looks whether a build is due and starts it as a job. A build already running is followed by one more check once
   * it ends, so data that lands during a build is built for too. Returns the job id, or null when all is up to date.
   */
  refresh(): Promise<string | null> {
    // Checks run one after another: two at once could both find no job running and start one each.
    const check = (this.checking ?? Promise.resolve(null)).catch(() => null).then(() => this.checkNow());
    this.checking = check;
    return check.finally(() => { if (this.checking === check) this.checking = null; });
  }

  private async checkNow(): Promise<string | null> {
    if (this.running) { this.again = true; return this.running; }
    return this.check((message, work) => this.start(message, work));
  }

  private start<R>(message: string, work: BuildWork<R>): string {
    const ws = this.host.workspace;
    const job = this.host.jobs.start(this.kind, async (ctx) => {
      ctx.progress(0, 1, message);
      let db: Db | null = null;
      try {
        db = await ws.connect();
        const conn = db.conn;
        // A build is a few long statements: a cancel interrupts the one running, and its transaction rolls back.
        ctx.signal.addEventListener('abort', () => conn.interrupt(), { once: true });
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

  /** Nothing of this build is reading the workspace: no staleness check and no job in flight. */
  get idle(): boolean {
    return this.running === null && this.checking === null;
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
