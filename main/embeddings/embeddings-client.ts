// One /v1/embeddings request with the judge's transport and limits: the judge's HttpClient, its semaphore and
// RPM/TPM windows (main/judge/limits.ts), Retry-After, exponential backoff with jitter, and its Redactor for
// anything the server echoes. Retries 429, 408/409, 5xx, timeouts and network errors; a rejected key or a
// rejected request is final.
import { HttpClient, TransportError, retryAfterMs } from '../judge/http-client.js';
import { Semaphore, WindowLimiter, backoffMs, sleep } from '../judge/limits.js';
import type { Redactor } from '../judge/keys.js';
import { UserError } from '../domain/errors.js';
import { errorText } from '../judge/engine.js';

export const EMBEDDING_LIMIT_DEFAULTS = {
  concurrency: 4,
  rpm: null as number | null,
  tpm: null as number | null,
  maxRetries: 6,
  timeoutMs: 60_000,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  maxInputsPerRequest: 2048,
  maxTokensPerRequest: 200_000,
};
export type ResolvedEmbeddingLimits = typeof EMBEDDING_LIMIT_DEFAULTS;

export interface EmbeddingBatch { texts: string[]; tokens: number }
export interface EmbeddingAnswer { vectors: Float32Array; d: number; promptTokens: number | null; retries: number }

export class EmbeddingsClient {
  private readonly http: HttpClient;
  private readonly slots: Semaphore;
  private readonly rpm: WindowLimiter | null;
  private readonly tpm: WindowLimiter | null;
  private cooldownUntil = 0;
  retries = 0;

  constructor(readonly baseUrl: string, key: string | null, readonly limits: ResolvedEmbeddingLimits, private readonly redactor: Redactor, private readonly origin: string) {
    this.http = new HttpClient(baseUrl, { authorization: `Bearer ${key ?? 'no-key'}`, 'user-agent': 'empathy-workbench-embeddings' }, limits.concurrency + 2);
    this.slots = new Semaphore(limits.concurrency);
    this.rpm = limits.rpm ? new WindowLimiter(limits.rpm) : null;
    this.tpm = limits.tpm ? new WindowLimiter(limits.tpm) : null;
  }

  close(): void {
    this.http.close();
  }

  /** Vectors for the batch's texts, in order. Throws UserError when retries run out or the request is refused. */
  async embed(model: string, dimensions: number | undefined, batch: EmbeddingBatch, signal: AbortSignal): Promise<EmbeddingAnswer> {
    const body: Record<string, unknown> = { model, input: batch.texts, encoding_format: 'float' };
    if (dimensions !== undefined) body.dimensions = dimensions;
    const json = JSON.stringify(body);
    await this.slots.acquire(signal);
    try {
      for (let attempt = 1; ; attempt++) {
        const cd = this.cooldownUntil - Date.now();
        if (cd > 0) await sleep(cd, signal);
        if (this.rpm) await this.rpm.acquire(1, signal);
        const tok = this.tpm ? await this.tpm.acquire(batch.tokens, signal) : null;
        let reason: string;
        let wait: number | null = null;
        try {
          const res = await this.http.post('embeddings', json, { timeoutMs: this.limits.timeoutMs, signal });
          if (res.status === 200) {
            const a = parseEmbeddings(res.body, batch.texts.length, dimensions);
            if (tok && a.promptTokens !== null) tok.adjust(a.promptTokens);
            return { ...a, retries: attempt - 1 };
          }
          reason = this.redactor.redact(errorText(res.status, res.body));
          wait = retryAfterMs(res.headers);
          if (res.status === 429 && wait !== null) this.cooldownUntil = Math.max(this.cooldownUntil, Date.now() + wait);
          if (res.status === 401 || res.status === 403) throw new UserError(`${this.origin} rejected the API key (${reason}); check the key, then resume`, 'needs-key');
          if (!(res.status === 429 || res.status === 408 || res.status === 409 || res.status >= 500)) throw new UserError(`${this.origin} refused the request (${reason})`, 'bad-request');
        } catch (e) {
          if (e instanceof UserError) throw e;
          if (e instanceof TransportError && e.kind === 'aborted') throw e;
          if (e instanceof MalformedEmbeddings) reason = `malformed response: ${e.message}`;
          else if (e instanceof TransportError) reason = `${e.kind}: ${e.message}`;
          else throw e;
        }
        if (attempt > this.limits.maxRetries) throw new UserError(`${this.origin}: gave up after ${attempt} attempts (${reason}); resume to try again`, 'bad-request');
        this.retries++;
        await sleep(Math.max(wait ?? 0, backoffMs(attempt, { baseMs: this.limits.backoffBaseMs, maxMs: this.limits.backoffMaxMs })), signal);
      }
    } finally {
      this.slots.release();
    }
  }
}

class MalformedEmbeddings extends Error {}

function parseEmbeddings(body: string, n: number, dimensions: number | undefined): { vectors: Float32Array; d: number; promptTokens: number | null } {
  let j: { data?: { index?: number; embedding?: unknown }[]; usage?: { prompt_tokens?: number } };
  try {
    j = JSON.parse(body);
  } catch {
    throw new MalformedEmbeddings('not JSON');
  }
  if (!Array.isArray(j.data) || j.data.length !== n) throw new MalformedEmbeddings(`${Array.isArray(j.data) ? j.data.length : 'no'} embeddings for ${n} inputs`);
  const first = j.data[0]?.embedding;
  if (!Array.isArray(first) || first.length === 0) throw new MalformedEmbeddings('embedding is not a list of numbers');
  const d = first.length;
  if (dimensions !== undefined && d !== dimensions) throw new MalformedEmbeddings(`${d} dimensions, asked for ${dimensions}`);
  const vectors = new Float32Array(n * d);
  j.data.forEach((item, k) => {
    const i = typeof item.index === 'number' ? item.index : k;
    const e = item.embedding;
    if (!Array.isArray(e) || e.length !== d || i < 0 || i >= n) throw new MalformedEmbeddings(`item ${k}: not ${d} numbers`);
    for (let x = 0; x < d; x++) {
      const v = e[x];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new MalformedEmbeddings(`item ${k}: value ${x} is not a finite number`);
      vectors[i * d + x] = v;
    }
  });
  return { vectors, d, promptTokens: typeof j.usage?.prompt_tokens === 'number' ? j.usage.prompt_tokens : null };
}

