// Chat calls of a describe run, through the judge's transport and limits: its HTTP client (deadline, abort), its
// concurrency semaphore and RPM/TPM windows, its backoff honouring Retry-After, its Redactor, and its response cache
// (judge_cache, keyed by the SHA-256 of the exact request body). The judge's engine reads only judge answers (scores,
// A/B), so this file holds the small per-call loop for free-text descriptions and Yes/No labels.
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { HttpClient, TransportError, retryAfterMs } from '../judge/http-client.js';
import { Semaphore, WindowLimiter, backoffMs, sleep } from '../judge/limits.js';
import { MalformedResponse, readCompletion } from '../judge/parse.js';
import { chatTokens, sha256 } from '../judge/requests.js';
import { cacheLookup } from '../judge/sources.js';
import type { Redactor } from '../judge/keys.js';
import type { resolveLimits } from '../judge/limits.js';

export interface RawRequest { body: string; cacheKey: string; system: string; user: string; tokens: number }

/** A plain-text chat request; key order fixed so equal requests are equal bytes (and share a cache entry). */
export function buildRawRequest(o: { model: string; system: string; user: string; temperature: number; maxTokens: number; maxTokensField: string }): RawRequest {
  const body = JSON.stringify({
    model: o.model,
    messages: [{ role: 'system', content: o.system }, { role: 'user', content: o.user }],
    temperature: o.temperature,
    [o.maxTokensField]: o.maxTokens,
  });
  return { body, cacheKey: sha256(body), system: o.system, user: o.user, tokens: chatTokens(o.system, o.user) };
}

/** The endpoint refused the key, or every request: going on would only repeat it. */
export class FatalCallError extends UserError {
  constructor(message: string) {
    super(message, 'run-failed');
  }
}

export type CallKind = 'theme-description' | 'theme-label';

/** What the cache keeps of an answer: its kind and the content the model wrote. */
interface CachedAnswer { kind: CallKind; content: string }

export interface CallOutcome<T> { value: T | null; fromCache: boolean; failure: string | null }

interface CacheRow { key: string; model: string; kind: CallKind; raw: string; content: string; inputTokens: number | null; outputTokens: number | null }

export class DescribeCalls {
  private readonly http: HttpClient;
  private readonly slots: Semaphore;
  private readonly rpm: WindowLimiter | null;
  private readonly tpm: WindowLimiter | null;
  private cooldownUntil = 0;
  private rejects = 0;
  private pendingRows: CacheRow[] = [];
  /** What this run sent and received, for its result and progress. */
  readonly stats = { requests: 0, answered: 0, cacheHits: 0, failed: 0, retries: 0, inputTokens: 0, outputTokens: 0 };

  constructor(
    private readonly o: {
      baseUrl: string; key: string | null; limits: ReturnType<typeof resolveLimits>; redactor: Redactor; db: Db; signal: AbortSignal; windowMs?: number;
    },
  ) {
    this.http = new HttpClient(o.baseUrl, { authorization: `Bearer ${o.key ?? 'no-key'}`, 'user-agent': 'empathy-workbench-themes' }, o.limits.concurrency + 4);
    this.slots = new Semaphore(o.limits.concurrency);
    this.rpm = o.limits.rpm ? new WindowLimiter(o.limits.rpm, o.windowMs ?? 60_000) : null;
    this.tpm = o.limits.tpm ? new WindowLimiter(o.limits.tpm, o.windowMs ?? 60_000) : null;
  }

  /** Asks each request once (cache first), reading each answer with `read`; answers come back in request order. */
  async askAll<T>(kind: CallKind, model: string, reqs: RawRequest[], maxTokens: number, read: (content: string) => T | null): Promise<CallOutcome<T>[]> {
    const cached = await cacheLookup(this.o.db, [...new Set(reqs.map((r) => r.cacheKey))]);
    return Promise.all(reqs.map(async (r) => {
      const hit = cached.get(r.cacheKey);
      if (hit) {
        const a = JSON.parse(hit) as CachedAnswer;
        const value = a.kind === kind ? read(a.content) : null;
        if (value !== null) {
          this.stats.cacheHits++;
          return { value, fromCache: true, failure: null };
        }
      }
      return this.ask(kind, model, r, maxTokens, read);
    }));
  }

  /** Cache rows of answers received since the last call, to be written with the results they produced. */
  takeCacheRows(): CacheRow[] {
    const rows = this.pendingRows;
    this.pendingRows = [];
    return rows;
  }

  close(): void {
    this.http.close();
  }

  private async ask<T>(kind: CallKind, model: string, r: RawRequest, maxTokens: number, read: (content: string) => T | null): Promise<CallOutcome<T>> {
    const { limits, redactor, signal } = this.o;
    let transport = 0;
    let invalid = 0;
    for (let attempt = 1; ; attempt++) {
      await this.slots.acquire(signal);
      let res: { status: number; headers: import('node:http').IncomingHttpHeaders; body: string } | null = null;
      let reason = '';
      try {
        const cd = this.cooldownUntil - Date.now();
        if (cd > 0) await sleep(cd, signal);
        if (this.rpm) await this.rpm.acquire(1, signal);
        if (this.tpm) await this.tpm.acquire(r.tokens + maxTokens, signal);
        this.stats.requests++;
        res = await this.http.post('chat/completions', r.body, { timeoutMs: limits.timeoutMs, signal });
      } catch (e) {
        if (signal.aborted || (e instanceof TransportError && e.kind === 'aborted')) throw e;
        reason = e instanceof TransportError ? `${e.kind}: ${e.message}` : String(e);
      } finally {
        this.slots.release();
      }
      let waitMs: number | null = null;
      if (res && res.status === 200) {
        this.rejects = 0;
        try {
          const c = readCompletion(res.body);
          this.stats.inputTokens += c.usage.inputTokens ?? 0;
          this.stats.outputTokens += c.usage.outputTokens ?? 0;
          const value = c.refusal ? null : read(c.content);
          if (value !== null) {
            this.stats.answered++;
            // The answer is kept as the server sent it, minus anything shaped like the key (a server may echo it).
            const raw = redactor.leaks(res.body) ? redactor.redact(res.body) : res.body;
            const content = redactor.redact(c.content);
            this.pendingRows.push({ key: r.cacheKey, model, kind, raw, content, inputTokens: c.usage.inputTokens, outputTokens: c.usage.outputTokens });
            return { value, fromCache: false, failure: null };
          }
          invalid++;
          reason = c.refusal ? `model refused: ${c.refusal.slice(0, 200)}` : `unreadable answer: ${JSON.stringify(c.content.slice(0, 60))}`;
          if (invalid > limits.maxInvalidRetries) return this.fail(reason, attempt);
          this.stats.retries++;
          continue;
        } catch (e) {
          if (!(e instanceof MalformedResponse) && !(e instanceof Error && e.name === 'InvalidAnswer')) throw e;
          reason = `malformed response: ${(e as Error).message}`;
        }
      } else if (res) {
        reason = redactor.redact(`HTTP ${res.status}: ${errorText(res.body)}`);
        if (res.status === 401 || res.status === 403) throw new FatalCallError(`The endpoint rejected the API key (${reason}). Check the key, then start the run again.`);
        waitMs = retryAfterMs(res.headers);
        if (res.status === 429 && waitMs !== null) this.cooldownUntil = Math.max(this.cooldownUntil, Date.now() + waitMs);
        if (!(res.status === 429 || res.status === 408 || res.status === 409 || res.status >= 500)) {
          if (++this.rejects >= 5 && this.stats.answered === 0) {
            throw new FatalCallError(`The endpoint rejects every request (${reason}). Check the model name and base URL.`);
          }
          return this.fail(reason, attempt);
        }
      }
      transport++;
      if (transport > limits.maxRetries) return this.fail(`gave up after ${attempt} attempts: ${reason}`, attempt);
      this.stats.retries++;
      await sleep(waitMs ?? backoffMs(transport, { baseMs: limits.backoffBaseMs, maxMs: limits.backoffMaxMs }), signal);
    }
  }

  private fail<T>(reason: string, attempts: number): CallOutcome<T> {
    this.stats.failed++;
    return { value: null, fromCache: false, failure: `${reason}${attempts > 1 ? ` (${attempts} attempts)` : ''}` };
  }
}

/** One line of a server's error text. */
function errorText(body: string): string {
  let msg = body;
  try {
    const j = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    msg = typeof j.error === 'string' ? j.error : j.error?.message ?? j.message ?? '';
  } catch { /* not JSON: keep the text */ }
  return msg.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Writes cache rows (in the caller's transaction): the judge's cache table, so one cache serves every LLM call. */
export async function storeCacheRows(db: Db, rows: CacheRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const part = rows.slice(i, i + 200);
    const params: (string | number | null)[] = [];
    for (const r of part) params.push(r.key, r.model, r.kind, r.raw, JSON.stringify({ kind: r.kind, content: r.content } satisfies CachedAnswer), r.inputTokens, r.outputTokens);
    await db.run(
      `INSERT INTO judge_cache (cache_key, model, kind, raw_response, parsed, input_tokens, output_tokens, created_at)
       VALUES ${part.map(() => `(?, ?, ?, ?, ?, ?, ?, CAST(timezone('UTC', now()) AS TIMESTAMP))`).join(', ')}`, params);
  }
}
