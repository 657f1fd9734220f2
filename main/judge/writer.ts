// Writes a run's answers into the workspace as they arrive: the scores (or pairwise judgment), the run's answer
// log and the response cache commit together, so an answer is either wholly stored or not at all.
//
// Group commit: an answer that arrives while the writer is idle is committed at once, in its own transaction.
// A DuckDB commit costs a few milliseconds of CPU (appender flushes, WAL write), which at 80 answers/s would be
// most of the judge's CPU. So commits are spaced at least `minIntervalMs` apart (the service uses 250 ms):
// answers that arrive in the meantime share the next transaction. A crash loses at most the answers of that
// last interval; nothing marks them done, so they are requested again on resume.

import type { DuckDBAppender } from '@duckdb/node-api';
import type { Db } from '../db/workspace.js';
import { tsValue } from './time.js';

export interface ScoreRow { conversationId: string; dimension: string; score: number; rationale: string | null; evidence: string | null }

export interface AnswerOp {
  type: 'answer';
  itemId: number;
  cacheKey: string;
  fromCache: boolean;
  attempts: number;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedTokens: number | null;
  latencyMs: number | null;
  scores?: ScoreRow[];
  pairwise?: { trial: number; a: string; b: string; choice: 'a' | 'b' };
  /** A new cache entry (absent for answers that came from the cache). */
  cache?: { model: string; kind: string; raw: string; parsed: string; inputTokens: number | null; outputTokens: number | null };
}
export interface FailureOp { type: 'failure'; itemId: number; reason: string; attempts: number }
export interface ItemOp {
  type: 'item'; itemId: number; conversationId: string; dimension: string | null; conversationB: string | null;
  scenario: string | null; pairNo: number | null; swapped: boolean | null;
}
export type WriteOp = AnswerOp | FailureOp | ItemOp;

const SCORES_COLUMNS = ['score_set_id', 'conversation_id', 'dimension', 'score', 'rationale', 'evidence', 'import_id'];
const PAIRWISE_COLUMNS = ['judge_id', 'judge_kind', 'trial', 'conversation_a', 'conversation_b', 'choice', 'import_id'];

interface Pending { op: WriteOp; resolve: () => void; reject: (e: Error) => void }

export class RunWriter {
  private queue: Pending[] = [];
  private running = false;
  private lastCommit = 0;
  private idle: Promise<void> = Promise.resolve();
  private idleResolve: (() => void) | null = null;
  private appenders = new Map<string, DuckDBAppender>();
  private direct: { scores: boolean; pairwise: boolean } | null = null;
  private failed: Error | null = null;
  commits = 0;
  rowsWritten = 0;

  constructor(
    private readonly db: Db,
    private readonly runId: string,
    private readonly scoreSetId: string | null,
    readonly minIntervalMs = 250,
  ) {}

  /** Resolves when the op is committed; rejects if its transaction failed. */
  add(op: WriteOp): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      if (!this.running) this.start();
    });
  }

  /** Waits until everything queued so far is committed. */
  async flush(): Promise<void> {
    while (this.running || this.queue.length) await this.idle;
    if (this.failed) throw this.failed;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      for (const a of this.appenders.values()) {
        try { a.closeSync(); } catch { /* already closed */ }
      }
      this.appenders.clear();
    }
  }

  private start(): void {
    this.running = true;
    this.idle = new Promise((r) => (this.idleResolve = r));
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      while (this.queue.length) {
        const wait = this.lastCommit + this.minIntervalMs - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const group = this.queue;
        this.queue = [];
        try {
          await this.commit(group.map((p) => p.op));
          for (const p of group) p.resolve();
        } catch (e) {
          this.failed = new Error(`Could not store answers in the workspace: ${(e as Error).message}`);
          for (const p of group) p.reject(this.failed);
          for (const p of this.queue) p.reject(this.failed);
          this.queue = [];
        }
        this.lastCommit = Date.now();
      }
    } finally {
      this.running = false;
      this.idleResolve?.();
    }
  }

  private async appender(table: string): Promise<DuckDBAppender> {
    let a = this.appenders.get(table);
    if (!a) {
      a = await this.db.conn.createAppender(table);
      this.appenders.set(table, a);
    }
    return a;
  }

  /** Appenders for the shared tables only while their columns are exactly the ones this code writes. */
  private async checkShared(): Promise<{ scores: boolean; pairwise: boolean }> {
    if (!this.direct) {
      const cols = async (t: string) => (await this.db.all<{ name: string }>(`SELECT name FROM pragma_table_info('${t}') ORDER BY cid`)).map((r) => r.name).join(',');
      this.direct = {
        scores: (await cols('scores')) === SCORES_COLUMNS.join(','),
        pairwise: (await cols('pairwise')) === PAIRWISE_COLUMNS.join(','),
      };
    }
    return this.direct;
  }

  private async commit(ops: WriteOp[]): Promise<void> {
    const direct = await this.checkShared();
    const now = tsValue(Date.now());
    const str = (a: DuckDBAppender, v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
    const int = (a: DuckDBAppender, v: number | null) => (v === null ? a.appendNull() : a.appendInteger(v));
    const dbl = (a: DuckDBAppender, v: number | null) => (v === null ? a.appendNull() : a.appendDouble(v));
    const scoreRows: ScoreRow[] = [];
    const pairRows: NonNullable<AnswerOp['pairwise']>[] = [];
    const used = new Set<string>();
    await this.db.run('BEGIN TRANSACTION');
    try {
      for (const op of ops) {
        if (op.type === 'item') {
          const a = await this.appender('judge_items');
          used.add('judge_items');
          a.appendVarchar(this.runId); a.appendInteger(op.itemId); a.appendVarchar(op.conversationId); str(a, op.dimension);
          str(a, op.conversationB); str(a, op.scenario); int(a, op.pairNo);
          if (op.swapped === null) a.appendNull(); else a.appendBoolean(op.swapped);
          a.appendTimestamp(now); a.endRow();
        } else if (op.type === 'failure') {
          const a = await this.appender('judge_failures');
          used.add('judge_failures');
          a.appendVarchar(this.runId); a.appendInteger(op.itemId); a.appendVarchar(op.reason); a.appendInteger(op.attempts);
          a.appendTimestamp(now); a.appendNull(); a.endRow();
        } else {
          const a = await this.appender('judge_answers');
          used.add('judge_answers');
          a.appendVarchar(this.runId); a.appendInteger(op.itemId); a.appendVarchar(op.cacheKey); a.appendBoolean(op.fromCache);
          a.appendInteger(op.attempts); int(a, op.inputTokens); int(a, op.outputTokens); int(a, op.cachedTokens); dbl(a, op.latencyMs);
          int(a, op.pairwise?.trial ?? null); a.appendTimestamp(now); a.endRow();
          if (op.cache) {
            const c = await this.appender('judge_cache');
            used.add('judge_cache');
            c.appendVarchar(op.cacheKey); c.appendVarchar(op.cache.model); c.appendVarchar(op.cache.kind); c.appendVarchar(op.cache.raw);
            c.appendVarchar(op.cache.parsed); int(c, op.cache.inputTokens); int(c, op.cache.outputTokens); c.appendTimestamp(now); c.endRow();
          }
          if (op.scores) scoreRows.push(...op.scores);
          if (op.pairwise) pairRows.push(op.pairwise);
        }
      }
      if (scoreRows.length) {
        if (!this.scoreSetId) throw new Error('run has no score set');
        if (direct.scores) {
          const a = await this.appender('scores');
          used.add('scores');
          for (const r of scoreRows) {
            a.appendVarchar(this.scoreSetId); a.appendVarchar(r.conversationId); a.appendVarchar(r.dimension); a.appendDouble(r.score);
            str(a, r.rationale); str(a, r.evidence); a.appendNull(); a.endRow();
          }
        } else {
          const params: (string | number | null)[] = [];
          for (const r of scoreRows) params.push(this.scoreSetId, r.conversationId, r.dimension, r.score, r.rationale, r.evidence);
          await this.db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, rationale, evidence) VALUES ${scoreRows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`, params);
        }
      }
      if (pairRows.length) {
        if (direct.pairwise) {
          const a = await this.appender('pairwise');
          used.add('pairwise');
          for (const r of pairRows) {
            a.appendVarchar(this.runId); a.appendVarchar('llm'); a.appendInteger(r.trial); a.appendVarchar(r.a); a.appendVarchar(r.b);
            a.appendVarchar(r.choice); a.appendVarchar(this.runId); a.endRow();
          }
        } else {
          const params: (string | number)[] = [];
          for (const r of pairRows) params.push(this.runId, 'llm', r.trial, r.a, r.b, r.choice, this.runId);
          await this.db.run(`INSERT INTO pairwise (judge_id, judge_kind, trial, conversation_a, conversation_b, choice, import_id) VALUES ${pairRows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`, params);
        }
      }
      for (const t of used) this.appenders.get(t)!.flushSync();
      await this.db.run('COMMIT');
      this.commits++;
      this.rowsWritten += ops.length;
    } catch (e) {
      await this.db.run('ROLLBACK').catch(() => {});
      // Appenders may hold rows of the failed group: drop them so nothing half-written is flushed later.
      for (const a of this.appenders.values()) {
        try { a.clear(); a.closeSync(); } catch { /* ignore */ }
      }
      this.appenders.clear();
      throw e;
    }
  }
}
