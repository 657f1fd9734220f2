// Turning a run's pending items into requests: transcripts, request bodies, cache look-ups. Items the cache
// already answers are stored straight away and never reach the network.

import { listValue } from '@duckdb/node-api';
import type { Db } from '../db/workspace.js';
import type { WorkItem } from './engine.js';
import type { ParsedAnswer } from './parse.js';
import { buildRequest, roughTokens, templateVars, type BuiltRequest, type RequestShape, type TokenCounter } from './requests.js';
import { loadTranscripts } from './conversations.js';
import type { AnswerOp, RunWriter, ScoreRow } from './writer.js';

export interface PendingItem { itemId: number; conversationId: string; dimension: string | null; conversationB: string | null }
export interface BuiltItem { item: PendingItem; req: BuiltRequest | null; tokens: number }

export const CHUNK = 256;

export async function buildChunk(db: Db, shape: RequestShape, items: PendingItem[], counter: TokenCounter | null): Promise<BuiltItem[]> {
  const ids = new Set<string>();
  for (const it of items) {
    ids.add(it.conversationId);
    if (it.conversationB) ids.add(it.conversationB);
  }
  const text = await loadTranscripts(db, [...ids]);
  return items.map((item) => {
    const a = text.get(item.conversationId);
    const b = item.conversationB ? text.get(item.conversationB) : undefined;
    if (!a || (item.conversationB && !b)) return { item, req: null, tokens: 0 };
    const vars = templateVars(shape.kind, { conversation: a, dimension: item.dimension, a, b });
    const req = buildRequest(shape, vars);
    return { item, req, tokens: counter ? counter.count(req.system, req.user) : roughTokens(req.body) };
  });
}

export async function cacheLookup(db: Db, keys: string[]): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  const rows = await db.all<{ k: string; p: string }>(
    `SELECT cache_key AS k, any_value(CAST(parsed AS VARCHAR)) AS p FROM judge_cache WHERE cache_key IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1`,
    [listValue(keys)]);
  return new Map(rows.map((r) => [r.k, r.p]));
}

export function scoreRows(conversationId: string, parsed: ParsedAnswer): ScoreRow[] {
  if (parsed.kind !== 'scores') return [];
  return Object.entries(parsed.scores).map(([dimension, s]) => ({ conversationId, dimension, score: s.score, rationale: s.rationale, evidence: s.evidence }));
}

export function cachedAnswer(item: PendingItem, cacheKey: string, parsed: ParsedAnswer): AnswerOp {
  return {
    type: 'answer', itemId: item.itemId, cacheKey, fromCache: true, attempts: 0,
    inputTokens: null, outputTokens: null, cachedTokens: null, latencyMs: null,
    scores: scoreRows(item.conversationId, parsed),
  };
}

/** Pending items of a scores/dimension run, in item order, served to the engine chunk by chunk. */
export class ScoreItemSource {
  private pos = 0;
  private buf: WorkItem[] = [];
  readonly items = new Map<number, PendingItem>();
  cacheHits = 0;

  constructor(
    private readonly db: Db,
    private readonly shape: RequestShape,
    private readonly pending: PendingItem[],
    private readonly writer: RunWriter,
    private readonly counter: TokenCounter | null,
    private readonly hooks: { onCached(): void; onNoText(item: PendingItem): Promise<void>; onWriteError(e: Error): void },
  ) {}

  async next(): Promise<WorkItem | null> {
    while (!this.buf.length) {
      if (this.pos >= this.pending.length) return null;
      await this.fill();
    }
    return this.buf.shift()!;
  }

  private async fill(): Promise<void> {
    const chunk = this.pending.slice(this.pos, this.pos + CHUNK);
    this.pos += chunk.length;
    const built = await buildChunk(this.db, this.shape, chunk, this.counter);
    const hits = await cacheLookup(this.db, built.flatMap((b) => (b.req ? [b.req.cacheKey] : [])));
    for (const b of built) {
      if (!b.req) {
        await this.hooks.onNoText(b.item);
        continue;
      }
      const hit = hits.get(b.req.cacheKey);
      if (hit) {
        this.cacheHits++;
        this.writer.add(cachedAnswer(b.item, b.req.cacheKey, JSON.parse(hit) as ParsedAnswer)).catch((e) => this.hooks.onWriteError(e));
        this.hooks.onCached();
        continue;
      }
      this.items.set(b.item.itemId, b.item);
      this.buf.push({ itemId: b.item.itemId, body: b.req.body, cacheKey: b.req.cacheKey, estTokens: b.tokens + this.shape.params.maxTokens, dimension: b.item.dimension });
    }
  }
}
