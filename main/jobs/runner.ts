import { randomUUID } from 'node:crypto';
import type { JobInfo } from '../api/contract/index.js';
import { publicError } from '../api/errors.js';
import { UserError } from '../domain/errors.js';

export class JobCancelled extends Error {
  constructor() {
    super('Cancelled by the user');
    this.name = 'JobCancelled';
  }
}

export interface JobContext {
  readonly id: string;
  readonly signal: AbortSignal;
  /** Reports progress; throttled so a tight loop cannot flood the transports. */
  progress(done: number, total: number, message?: string): void;
  /** Throws JobCancelled when the job was cancelled; call between units of work. */
  checkCancelled(): void;
}

export type JobFn<T> = (ctx: JobContext) => Promise<T>;

interface Entry {
  info: JobInfo;
  controller: AbortController;
  promise: Promise<JobInfo>;
  lastEmit: number;
}

const EMIT_INTERVAL_MS = 100;

/** Runs long operations as jobs: each has an id, emits progress, can be cancelled and awaited. */
export class JobRunner {
  private readonly jobs = new Map<string, Entry>();

  constructor(private readonly emit: (info: JobInfo) => void) {}

  start<T>(kind: string, fn: JobFn<T>): JobInfo {
    const id = `${kind}-${randomUUID().slice(0, 8)}`;
    const controller = new AbortController();
    const info: JobInfo = {
      id, kind, state: 'running', done: 0, total: 0, message: 'Starting', error: null, result: null,
      startedAt: new Date().toISOString(), finishedAt: null,
    };
    const entry = { info, controller, lastEmit: 0 } as Entry;
    const ctx: JobContext = {
      id,
      signal: controller.signal,
      progress: (done, total, message) => {
        info.done = done;
        info.total = total;
        if (message !== undefined) info.message = message;
        const now = Date.now();
        if (now - entry.lastEmit >= EMIT_INTERVAL_MS || done >= total) {
          entry.lastEmit = now;
          this.emit({ ...info });
        }
      },
      checkCancelled: () => {
        if (controller.signal.aborted) throw new JobCancelled();
      },
    };
    this.jobs.set(id, entry);
    entry.promise = (async () => {
      // Yield once so the caller gets the job id before any work (or failure) happens.
      await new Promise((r) => setImmediate(r));
      try {
        ctx.checkCancelled();
        info.result = (await fn(ctx)) ?? null;
        info.state = 'done';
        info.message = 'Done';
      } catch (e) {
        if (e instanceof JobCancelled || controller.signal.aborted) {
          info.state = 'cancelled';
          info.message = 'Cancelled';
        } else {
          info.state = 'failed';
          // Job errors reach every window through events: only what the user may read.
          info.error = publicError(e).body.error;
          info.message = 'Failed';
        }
      }
      info.finishedAt = new Date().toISOString();
      this.emit({ ...info });
      return { ...info };
    })();
    this.emit({ ...info });
    return { ...info };
  }

  get(id: string): JobInfo {
    return { ...this.entry(id).info };
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((e) => ({ ...e.info })).reverse();
  }

  cancel(id: string): JobInfo {
    const e = this.entry(id);
    if (e.info.state === 'running' || e.info.state === 'queued') e.controller.abort();
    return { ...e.info };
  }

  wait(id: string): Promise<JobInfo> {
    return this.entry(id).promise;
  }

  private entry(id: string): Entry {
    const e = this.jobs.get(id);
    if (!e) throw new UserError(`No job with id ${id}`, 'not-found');
    return e;
  }
}
