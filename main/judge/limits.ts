// Concurrency, requests-per-minute and tokens-per-minute limits, and retry delays.

import type { JudgeLimits } from '../api/contract/index.js';
import { UserError } from '../domain/errors.js';

/** A run's limits when its spec leaves them out. */
export const DEFAULT_LIMITS: Required<Omit<JudgeLimits, 'rpm' | 'tpm'>> & { rpm: number | null; tpm: number | null } = {
  concurrency: 8, rpm: null, tpm: null, maxRetries: 6, maxInvalidRetries: 2, timeoutMs: 120_000, backoffBaseMs: 1000, backoffMaxMs: 60_000,
};

export function resolveLimits(l: JudgeLimits = {}): typeof DEFAULT_LIMITS {
  const out = { ...DEFAULT_LIMITS };
  const int = (name: keyof JudgeLimits, lo: number, hi: number) => {
    const v = l[name];
    if (v === undefined) return;
    if (v === null && (name === 'rpm' || name === 'tpm')) { (out as Record<string, unknown>)[name] = null; return; }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) throw new UserError(`${name} must be a number between ${lo} and ${hi}`);
    (out as Record<string, unknown>)[name] = Math.round(v);
  };
  int('concurrency', 1, 1024); int('rpm', 1, 10_000_000); int('tpm', 1, 1_000_000_000); int('maxRetries', 0, 100);
  int('maxInvalidRetries', 0, 20); int('timeoutMs', 100, 3_600_000); int('backoffBaseMs', 0, 600_000); int('backoffMaxMs', 0, 3_600_000);
  return out;
}

/** Resolves after ms, or rejects with the signal's reason when aborted first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A counting semaphore: at most `size` holders at once, served in arrival order. */
export class Semaphore {
  private held = 0;
  private readonly waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  constructor(readonly size: number) {
    if (!(size >= 1)) throw new Error('concurrency must be at least 1');
  }

  get inUse(): number {
    return this.held;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (this.held < this.size) {
      this.held++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new Error('aborted'));
      const w = {
        resolve: () => { signal?.removeEventListener('abort', onAbort); resolve(); },
        reject,
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(w);
    });
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next.resolve(); // the slot passes straight to the next waiter
    else this.held--;
  }
}

/**
 * A sliding-window budget: the sum of amounts started within the last `windowMs` stays at or below `capacity`.
 * Used for requests per minute (amount 1) and tokens per minute (amount = estimated tokens, corrected later).
 * An amount larger than the whole capacity is let through once the window is empty, so nothing waits forever.
 */
export class WindowLimiter {
  private readonly entries: { t: number; amount: number }[] = [];
  private total = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly capacity: number, readonly windowMs = 60_000, private readonly now = () => Date.now()) {
    if (!(capacity > 0)) throw new Error('rate limit must be positive');
  }

  private prune(t: number): void {
    while (this.entries.length && this.entries[0].t <= t - this.windowMs) this.total -= this.entries.shift()!.amount;
  }

  /** Waits until `amount` fits, records it, and returns a handle to correct the amount afterwards. */
  acquire(amount: number, signal?: AbortSignal): Promise<{ adjust(actual: number): void }> {
    // Callers are served one at a time in order, so a large request is not starved by small ones.
    const run = async () => {
      for (;;) {
        const t = this.now();
        this.prune(t);
        if (this.total + amount <= this.capacity || this.entries.length === 0) {
          const e = { t, amount };
          this.entries.push(e);
          this.total += amount;
          return {
            adjust: (actual: number) => {
              if (!this.entries.includes(e)) return;
              this.total += actual - e.amount;
              e.amount = actual;
            },
          };
        }
        // Wait until enough of the window has expired to fit this amount.
        let need = this.total + amount - this.capacity;
        let waitUntil = this.entries[0].t + this.windowMs;
        for (const x of this.entries) {
          need -= x.amount;
          waitUntil = x.t + this.windowMs;
          if (need <= 0) break;
        }
        await sleep(Math.max(1, waitUntil - t), signal);
      }
    };
    const p = this.tail.then(run, run);
    this.tail = p.then(() => undefined, () => undefined);
    return p;
  }

  /** Amount currently counted in the window (for tests and display). */
  used(): number {
    this.prune(this.now());
    return this.total;
  }
}

export interface BackoffOptions { baseMs: number; maxMs: number; random?: () => number }

/** Exponential backoff with equal jitter: attempt 1 → base·[0.5, 1), attempt 2 → 2·base·[0.5, 1), … capped. */
export function backoffMs(attempt: number, o: BackoffOptions): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, attempt - 1));
  const r = (o.random ?? Math.random)();
  return Math.round(exp / 2 + (exp / 2) * r);
}
