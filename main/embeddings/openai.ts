// Embedding sets from an OpenAI-compatible /v1/embeddings endpoint. Every vector goes to the shared content cache
// (embedding_cache, key = sha256 of model, dimensions and text) as soon as its batch answers, in a transaction per
// batch; the set's table is filled from the cache at the end. So a restarted or resumed run only asks for what
// the cache lacks, and two sets (or two studies' sentences) with the same text share one vector.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import type { JobContext } from '../jobs/runner.js';
import { DEFAULT_BASE_URL, isLocalBaseUrl, keyOrigin, Redactor, type KeyProvider } from '../judge/keys.js';
import { cost, getPrices, priceFor } from '../judge/prices.js';
import { nowSql } from '../judge/time.js';
import type { EmbeddingEstimate, EmbeddingLimits, OpenAIEmbeddingSpec } from '../api/contract/embeddings.js';
import { EMBEDDING_LIMIT_DEFAULTS, EmbeddingsClient, type EmbeddingBatch, type ResolvedEmbeddingLimits } from './embeddings-client.js';
import { EMBEDDING_PRICES } from './prices.js';
import { createVectorTable, finishSet, vectorTable } from './store.js';

export const DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-large';

export interface ResolvedOpenAI { model: string; baseUrl: string; origin: string; key: string | null; dimensions: number | undefined }

/** Model, endpoint and key; a remote origin without a key is refused here, naming the origin. */
export async function openAIModel(spec: OpenAIEmbeddingSpec, keys: KeyProvider): Promise<ResolvedOpenAI> {
  const baseUrl = spec.baseUrl?.trim() || DEFAULT_BASE_URL;
  const origin = keyOrigin(baseUrl);
  if (!origin) throw new UserError(`baseUrl must be an http(s) URL, got "${baseUrl.slice(0, 200)}"`, 'invalid-args');
  const key = await keys.getKey(baseUrl);
  if (!key && !isLocalBaseUrl(baseUrl)) {
    throw new UserError(`No API key for ${origin}: enter a key for this endpoint in Settings, or set OPENAI_API_KEY with OPENAI_BASE_URL pointing at it`, 'needs-key');
  }
  return { model: spec.model ?? DEFAULT_EMBEDDING_MODEL, baseUrl, origin, key, dimensions: spec.dimensions };
}

export function resolveEmbeddingLimits(l: EmbeddingLimits = {}): ResolvedEmbeddingLimits {
  const out = { ...EMBEDDING_LIMIT_DEFAULTS };
  const set = <K extends keyof ResolvedEmbeddingLimits>(k: K, lo: number, hi: number) => {
    const v = l[k];
    if (v === undefined || v === null) return;
    if (!(typeof v === 'number' && v >= lo && v <= hi)) throw new UserError(`limits.${k} must be between ${lo} and ${hi}, got ${v}`, 'invalid-args');
    (out as Record<string, unknown>)[k] = v;
  };
  set('concurrency', 1, 64); set('rpm', 1, 1e7); set('tpm', 1, 1e10); set('maxRetries', 0, 50); set('timeoutMs', 100, 3_600_000);
  set('backoffBaseMs', 0, 600_000); set('backoffMaxMs', 0, 3_600_000); set('maxInputsPerRequest', 1, 2048); set('maxTokensPerRequest', 1, 10_000_000);
  return out;
}

/** What the cache key hashes before the text; the same string in SQL (sha256(prefix || text)) and here. */
export function cachePrefix(model: string, dimensions: number | undefined): string {
  return `${model}\n${dimensions ?? ''}\n`;
}

/** Distinct sentence texts whose vector is not cached yet, in a fixed order. */
async function missingTexts(db: Db, prefix: string): Promise<string[]> {
  const rows = await db.all<{ text: string }>(
    `SELECT DISTINCT text FROM sentences WHERE sha256(? || text) NOT IN (SELECT cache_key FROM embedding_cache) ORDER BY text`, [prefix]);
  return rows.map((r) => r.text);
}

/** Packs texts into requests within the input and token limits (a text over the token limit goes alone). */
export function batchTexts(texts: readonly string[], limits: Pick<ResolvedEmbeddingLimits, 'maxInputsPerRequest' | 'maxTokensPerRequest'>): EmbeddingBatch[] {
  const out: EmbeddingBatch[] = [];
  let cur: EmbeddingBatch = { texts: [], tokens: 0 };
  for (const t of texts) {
    const n = countTokens(t);
    if (cur.texts.length && (cur.texts.length >= limits.maxInputsPerRequest || cur.tokens + n > limits.maxTokensPerRequest)) {
      out.push(cur);
      cur = { texts: [], tokens: 0 };
    }
    cur.texts.push(t);
    cur.tokens += n;
  }
  if (cur.texts.length) out.push(cur);
  return out;
}

export async function estimateOpenAI(db: Db, spec: OpenAIEmbeddingSpec, keys: KeyProvider): Promise<EmbeddingEstimate> {
  const r = await openAIModel(spec, keys);
  const limits = resolveEmbeddingLimits(spec.limits);
  const prefix = cachePrefix(r.model, r.dimensions);
  const sentences = Number(await db.value(`SELECT count(*) FROM sentences`));
  const distinct = Number(await db.value(`SELECT count(DISTINCT text) FROM sentences`));
  const missing = await missingTexts(db, prefix);
  const batches = batchTexts(missing, limits);
  const inputTokens = batches.reduce((a, b) => a + b.tokens, 0);
  const price = priceFor([...(await getPrices(db)), ...EMBEDDING_PRICES], r.model);
  const minutes = [limits.rpm ? batches.length / limits.rpm : 0, limits.tpm ? inputTokens / limits.tpm : 0];
  return {
    provider: 'openai', model: r.model, sentences, dimensions: r.dimensions ?? null, calls: batches.length, cacheHits: distinct - missing.length,
    toRequest: missing.length, inputTokens, cost: cost(price, { inputTokens, outputTokens: 0 }, false),
    minMinutes: limits.rpm || limits.tpm ? Math.max(...minutes) : null,
    notes: [`${r.origin}: ${distinct} distinct texts among ${sentences} sentence units; tokens counted with o200k (the server's own count may differ)`],
  };
}

export async function runOpenAI(db: Db, id: string, spec: OpenAIEmbeddingSpec, keys: KeyProvider, ctx: JobContext): Promise<void> {
  const r = await openAIModel(spec, keys);
  const limits = resolveEmbeddingLimits(spec.limits);
  const prefix = cachePrefix(r.model, r.dimensions);
  const redactor = new Redactor(r.key);
  const missing = await missingTexts(db, prefix);
  const batches = batchTexts(missing, limits);
  const client = new EmbeddingsClient(r.baseUrl, r.key, limits, redactor, r.origin);
  const tableNo = Number(await db.value(`SELECT table_no FROM embedding_sets WHERE embedding_set_id = ?`, [id]));
  const scratch = `embedding_batch_${Math.trunc(tableNo)}`;
  let done = 0;
  let tokens = 0;
  let d: number | null = r.dimensions ?? null;
  ctx.progress(0, batches.length, `${missing.length} texts to embed in ${batches.length} requests`);
  // One failure stops the other request loops; all of them settle before the client closes.
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  ctx.signal.addEventListener('abort', onCancel, { once: true });
  try {
    let next = 0;
    const worker = async () => {
      while (next < batches.length && !stop.signal.aborted) {
        const b = batches[next++];
        const a = await client.embed(r.model, r.dimensions, b, stop.signal);
        if (d !== null && a.d !== d) throw new UserError(`${r.origin} answered with ${a.d} dimensions after ${d}`, 'bad-request');
        d = a.d;
        // The batch's vectors go in as one typed-array copy per 2048 rows (a scratch table keyed by the text),
        // then into the cache in one statement, all in one transaction.
        await db.transaction(async () => {
          await db.run(`CREATE OR REPLACE TEMP TABLE ${scratch} (conversation_id VARCHAR, turn INTEGER, sentence_index INTEGER, vector FLOAT[${a.d}])`);
          await db.appendVectors(scratch, { conversationIds: b.texts, turns: new Int32Array(b.texts.length), sentenceIndex: new Int32Array(b.texts.length) }, a.vectors, a.d);
          await db.run(`INSERT INTO embedding_cache SELECT sha256(? || conversation_id), ?, ?, CAST(vector AS FLOAT[]), NULL, ${nowSql} FROM ${scratch} ON CONFLICT DO NOTHING`,
            [prefix, r.model, a.d]);
          await db.run(`DROP TABLE ${scratch}`);
        });
        tokens += a.promptTokens ?? b.tokens;
        done++;
        ctx.progress(done, batches.length, `${done} of ${batches.length} requests${client.retries ? `, ${client.retries} retries` : ''}`);
      }
    };
    const results = await Promise.allSettled(Array.from({ length: Math.min(limits.concurrency, batches.length) }, () => worker().catch((e) => {
      stop.abort();
      throw e;
    })));
    ctx.checkCancelled();
    const failed = results.find((x): x is PromiseRejectedResult => x.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    ctx.signal.removeEventListener('abort', onCancel);
    client.close();
  }
  ctx.checkCancelled();
  if (d === null) d = Number(await db.value(`SELECT any_value(len(c.vector)) FROM embedding_cache c JOIN sentences s ON c.cache_key = sha256(? || s.text)`, [prefix]));
  const dims = d;
  const units = Number(await db.value(`SELECT count(*) FROM sentences`));
  const distinct = Number(await db.value(`SELECT count(DISTINCT text) FROM sentences`));
  await db.transaction(async () => {
    const t = await createVectorTable(db, tableNo, dims);
    await db.run(`INSERT INTO ${t} SELECT s.conversation_id, s.turn, s.sentence_index, CAST(c.vector AS FLOAT[${dims}])
      FROM sentences s JOIN embedding_cache c ON c.cache_key = sha256(? || s.text) ORDER BY 1, 2, 3`, [prefix]);
    const n = Number(await db.value(`SELECT count(*) FROM ${vectorTable(tableNo)}`));
    if (n !== units) throw new UserError(`Only ${n} of ${units} sentence units have a vector; resume to fetch the rest`, 'bad-request');
    await finishSet(db, id, dims, n, `${r.model} at ${r.origin}: ${missing.length} texts requested (${tokens} tokens), ${distinct - missing.length} from the cache`,
      { spec, origin: r.origin, requested: missing.length, tokens, retries: client.retries });
  });
}
