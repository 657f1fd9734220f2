// The request loop of an online run: pulls work items, sends them within the concurrency, RPM and TPM limits,
// retries what can be retried, and hands every answer or final failure to the caller as it happens.
// It never throws for one bad answer; it stops early only when told to (pause, cancel) or when going on is
// pointless (the endpoint rejects the key, or rejects every request as malformed).

import { setMaxListeners } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import { HttpClient, TransportError, retryAfterMs } from './http-client.js';
import { Semaphore, WindowLimiter, backoffMs, sleep } from './limits.js';
import { InvalidAnswer, MalformedResponse, parseAnswer, readCompletion, type ParsedAnswer, type Usage } from './parse.js';
import type { Redactor } from './keys.js';
import type { TemplateKind } from './rubric.js';

export interface WorkItem {
  itemId: number;
  body: string;
  cacheKey: string;
  /** Tokens counted against the TPM limit before the call (corrected by the usage the server reports). */
  estTokens: number;
  dimension: string | null;
}

export interface EngineLimits {
  concurrency: number;
  rpm: number | null;
  tpm: number | null;
  maxRetries: number;
  maxInvalidRetries: number;
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Length of the RPM/TPM window; 60 000 ms except in tests. */
  windowMs?: number;
}

export interface AnswerEvent {
  item: WorkItem;
  parsed: ParsedAnswer;
  raw: string;
  /** Usage of this answer's response (what the cache keeps). */
  usage: Usage;
  /** Usage summed over every response this item got, including answers that had to be asked again (what it cost). */
  spent: Usage;
  attempts: number;
  latencyMs: number;
}

export interface EngineHooks {
  /** Next item to send, or null when there is nothing left. Called only when a request slot is free. */
  next(): Promise<WorkItem | null>;
  onAnswer(e: AnswerEvent): Promise<void>;
  onFailure(item: WorkItem, reason: string, attempts: number): Promise<void>;
  /** The item was left unanswered because the run is pausing or cancelling (it stays pending). */
  onDeferred?(item: WorkItem): void;
}

export type StopReason = 'done' | 'paused' | 'cancelled' | 'fatal';

/** Pause: send nothing new, let requests in flight finish. Cancel: abort those too. */
export class RunControl {
  readonly pauseSignal = new AbortController();
  readonly cancelSignal = new AbortController();
  fatal: string | null = null;
  constructor() {
    // Every request in flight and every waiter listens to these; hundreds at once are expected.
    setMaxListeners(0, this.pauseSignal.signal, this.cancelSignal.signal);
  }
  pause(): void { this.pauseSignal.abort(); }
  cancel(): void { this.pauseSignal.abort(); this.cancelSignal.abort(); }
  get stopping(): boolean { return this.pauseSignal.signal.aborted; }
  get cancelled(): boolean { return this.cancelSignal.signal.aborted; }
}

export class EngineStats {
  sent = 0;
  answered = 0;
  failed = 0;
  retries = 0;
  /** Retries by kind of reason (rate limited, server error, timeout, …): shown on the run page. */
  readonly retryReasons = new Map<string, number>();
  inFlight = 0;
  maxInFlight = 0;
  inputTokens = 0;
  outputTokens = 0;
  cachedTokens = 0;
  private readonly recent: number[] = [];
  noteRetry(reason: string): void {
    this.retries++;
    const kind = retryKind(reason);
    this.retryReasons.set(kind, (this.retryReasons.get(kind) ?? 0) + 1);
  }
  noteAnswer(t = Date.now()): void {
    this.recent.push(t);
    while (this.recent.length && this.recent[0] < t - 60_000) this.recent.shift();
  }
  /** Answers per minute over the last minute (or the time since the first answer, if shorter). */
  perMinute(t = Date.now()): number | null {
    while (this.recent.length && this.recent[0] < t - 60_000) this.recent.shift();
    if (this.recent.length < 2) return null;
    const span = Math.max(1000, t - this.recent[0]);
    return (this.recent.length * 60_000) / span;
  }
}

class Fatal extends Error {}

/** The kind of a retry's reason, in the words of the run page. */
export function retryKind(reason: string): string {
  if (/^HTTP 429\b/.test(reason)) return 'rate limited';
  if (/^HTTP (5\d\d|408|409)\b/.test(reason)) return 'server error';
  if (reason.startsWith('timeout')) return 'timeout';
  if (reason.startsWith('network error')) return 'network error';
  if (reason.startsWith('malformed response')) return 'malformed response';
  if (reason.startsWith('invalid answer')) return 'invalid answer';
  return 'other';
}

interface Outcome { kind: 'retry' | 'invalid' | 'failed' | 'answered'; reason?: string; waitMs?: number | null }

/** Server error text, without echoing more than a line of it. */
export function errorText(status: number, body: string): string {
  let msg = '';
  try {
    const j = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    msg = typeof j.error === 'string' ? j.error : j.error?.message ?? j.message ?? '';
  } catch {
    msg = body;
  }
  msg = msg.replace(/\s+/g, ' ').trim().slice(0, 200);
  return `HTTP ${status}${msg ? `: ${msg}` : ''}`;
}

export async function runEngine(opts: {
  baseUrl: string;
  headers: Record<string, string>;
  kind: TemplateKind;
  limits: EngineLimits;
  control: RunControl;
  hooks: EngineHooks;
  stats: EngineStats;
  redactor: Redactor;
}): Promise<StopReason> {
  const { limits, control, hooks, stats, redactor, kind } = opts;
  const client = new HttpClient(opts.baseUrl, opts.headers, limits.concurrency + 4);
  const slots = new Semaphore(limits.concurrency);
  const rpm = limits.rpm ? new WindowLimiter(limits.rpm, limits.windowMs ?? 60_000) : null;
  const tpm = limits.tpm ? new WindowLimiter(limits.tpm, limits.windowMs ?? 60_000) : null;
  let cooldownUntil = 0;
  let consecutiveRejects = 0;
  const pause = control.pauseSignal.signal;
  const cancel = control.cancelSignal.signal;
  const running = new Set<Promise<void>>();

  const stopWith = (msg: string) => {
    if (!control.fatal) control.fatal = redactor.redact(msg);
    control.cancel();
  };

  /** One HTTP exchange; the caller holds a slot. `spent` accumulates the usage of every response. */
  async function attempt(item: WorkItem, n: number, spent: Usage): Promise<Outcome> {
    const cd = cooldownUntil - Date.now();
    if (cd > 0) await sleep(cd, pause);
    if (rpm) await rpm.acquire(1, pause);
    const tok = tpm ? await tpm.acquire(item.estTokens, pause) : null;
    if (pause.aborted) throw new Error('aborted');
    const t0 = performance.now();
    stats.sent++;
    stats.inFlight++;
    if (stats.inFlight > stats.maxInFlight) stats.maxInFlight = stats.inFlight;
    let res: { status: number; headers: IncomingHttpHeaders; body: string };
    try {
      res = await client.post('chat/completions', item.body, { timeoutMs: limits.timeoutMs, signal: cancel });
    } catch (e) {
      if (e instanceof TransportError && e.kind === 'aborted') throw e;
      return { kind: 'retry', reason: e instanceof TransportError ? (e.kind === 'timeout' ? `timeout: ${e.message}` : `network error: ${e.message}`) : String(e) };
    } finally {
      stats.inFlight--;
    }
    const latencyMs = performance.now() - t0;
    if (res.status === 200) {
      consecutiveRejects = 0;
      let completion: ReturnType<typeof readCompletion>;
      try {
        completion = readCompletion(res.body);
      } catch (e) {
        if (e instanceof MalformedResponse) return { kind: 'retry', reason: `malformed response: ${e.message}` };
        if (e instanceof InvalidAnswer) return { kind: 'invalid', reason: e.message };
        throw e;
      }
      const u = completion.usage;
      if (tok && u.inputTokens !== null) tok.adjust(u.inputTokens + (u.outputTokens ?? 0));
      for (const k of ['inputTokens', 'outputTokens', 'cachedTokens'] as const) if (u[k] !== null) spent[k] = (spent[k] ?? 0) + u[k]!;
      stats.inputTokens += u.inputTokens ?? 0;
      stats.outputTokens += u.outputTokens ?? 0;
      stats.cachedTokens += u.cachedTokens ?? 0;
      if (completion.refusal) return { kind: 'invalid', reason: `model refused: ${completion.refusal.slice(0, 200)}` };
      let parsed: ParsedAnswer;
      try {
        parsed = parseAnswer(kind, completion.content, completion.finishReason, item.dimension);
      } catch (e) {
        if (e instanceof InvalidAnswer) return { kind: 'invalid', reason: e.message };
        throw e;
      }
      const raw = redactor.leaks(res.body) ? redactor.redact(res.body) : res.body;
      await hooks.onAnswer({ item, parsed, raw, usage: u, spent, attempts: n, latencyMs });
      stats.answered++;
      stats.noteAnswer();
      return { kind: 'answered' };
    }
    const reason = redactor.redact(errorText(res.status, res.body));
    const ra = retryAfterMs(res.headers);
    if (res.status === 429) {
      if (ra !== null) cooldownUntil = Math.max(cooldownUntil, Date.now() + ra);
      return { kind: 'retry', reason, waitMs: ra };
    }
    if (res.status === 408 || res.status === 409 || res.status >= 500) return { kind: 'retry', reason, waitMs: ra };
    if (res.status === 401 || res.status === 403) throw new Fatal(`The endpoint rejected the API key (${reason}). Check the key, then resume the run.`);
    consecutiveRejects++;
    if (consecutiveRejects >= 5 && stats.answered === 0) {
      throw new Fatal(`The endpoint rejects every request (${reason}). Check the model name, base URL and response format, then resume the run.`);
    }
    return { kind: 'failed', reason };
  }

  /** All attempts for one item. Holds a slot only while a request is being prepared or is in flight. */
  async function process(item: WorkItem): Promise<void> {
    let attempts = 0;
    let transportFailures = 0;
    let invalidAnswers = 0;
    let holding = true; // the dispatcher acquired the first slot
    const spent: Usage = { inputTokens: null, outputTokens: null, cachedTokens: null };
    try {
      for (;;) {
        if (!holding) {
          await slots.acquire(pause);
          holding = true;
        }
        attempts++;
        const out = await attempt(item, attempts, spent);
        slots.release();
        holding = false;
        if (out.kind === 'answered') return;
        if (out.kind === 'failed') {
          stats.failed++;
          await hooks.onFailure(item, out.reason!, attempts);
          return;
        }
        if (out.kind === 'invalid') {
          invalidAnswers++;
          if (invalidAnswers > limits.maxInvalidRetries) {
            stats.failed++;
            await hooks.onFailure(item, `invalid answer after ${attempts} attempt${attempts > 1 ? 's' : ''}: ${out.reason}`, attempts);
            return;
          }
          stats.noteRetry(`invalid answer: ${out.reason}`);
          continue;
        }
        transportFailures++;
        if (transportFailures > limits.maxRetries) {
          stats.failed++;
          await hooks.onFailure(item, `gave up after ${attempts} attempt${attempts > 1 ? 's' : ''}: ${out.reason}`, attempts);
          return;
        }
        stats.noteRetry(out.reason ?? '');
        const delay = out.waitMs ?? backoffMs(transportFailures, { baseMs: limits.backoffBaseMs, maxMs: limits.backoffMaxMs });
        await sleep(delay, pause);
      }
    } catch (e) {
      if (holding) slots.release();
      if (e instanceof Fatal) {
        stopWith(e.message);
        hooks.onDeferred?.(item);
        return;
      }
      if (pause.aborted) {
        hooks.onDeferred?.(item);
        return;
      }
      // A storage error or a bug: stop the run rather than carry on without saving answers.
      stopWith(`Run stopped: ${(e as Error).message}`);
      hooks.onDeferred?.(item);
    }
  }

  try {
    for (;;) {
      if (pause.aborted) break;
      try {
        await slots.acquire(pause);
      } catch {
        break;
      }
      let item: WorkItem | null;
      try {
        item = pause.aborted ? null : await hooks.next();
      } catch (e) {
        slots.release();
        stopWith(`Run stopped: ${(e as Error).message}`);
        break;
      }
      if (!item) {
        slots.release();
        break;
      }
      const p = process(item).finally(() => running.delete(p));
      running.add(p);
    }
    while (running.size) await Promise.all([...running]);
  } finally {
    client.close();
  }
  if (control.fatal) return 'fatal';
  if (control.cancelled) return 'cancelled';
  if (control.stopping) return 'paused';
  return 'done';
}
