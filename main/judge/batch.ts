// OpenAI Batch API mode: the run's uncached requests go into JSONL files (custom_id = item), are uploaded and
// submitted as batches, polled, and their output files downloaded and matched back to items by custom_id.
// Every step is recorded in judge_batches before the next one, so a run stopped at any point resumes where it
// was: an uploaded file is not uploaded again, a submitted batch is polled rather than resubmitted (and a batch
// submitted just before a crash is found again by its input file), downloaded answers share the response cache.

import OpenAI, { toFile } from 'openai';
import { listValue } from '@duckdb/node-api';
import type { Db } from '../db/workspace.js';
import { InvalidAnswer, MalformedResponse, parseAnswer, readCompletion, type ParsedAnswer } from './parse.js';
import type { Redactor } from './keys.js';
import type { RunControl, EngineStats, StopReason } from './engine.js';
import { sleep } from './limits.js';
import { CHUNK, buildChunk, cacheLookup, cachedAnswer, scoreRows, type PendingItem } from './sources.js';
import { pendingItems } from './store.js';
import type { RequestShape } from './requests.js';
import type { RunWriter } from './writer.js';
import { nowSql } from './time.js';

export interface BatchRunOptions {
  db: Db;            // the writer's connection: used directly only after writer.flush()
  readDb: Db;
  runId: string;
  shape: RequestShape;
  writer: RunWriter;
  client: OpenAI;
  control: RunControl;
  stats: EngineStats;
  redactor: Redactor;
  pollIntervalMs: number;
  maxRequestsPerBatch: number;
  /** Batch rounds an item may take part in before an invalid or failed answer is recorded as a failure. */
  maxAttempts: number;
  progress(message: string): void;
}

const TERMINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);

interface BatchRow { batch_no: number; state: string; input_file_id: string | null; batch_id: string | null; status: string | null; requests: number }

function describe(e: unknown, redactor: Redactor): string {
  const err = e as { status?: number; message?: string };
  return redactor.redact(`${err.status ? `HTTP ${err.status}: ` : ''}${(err.message ?? String(e)).replace(/\s+/g, ' ').slice(0, 300)}`);
}

export async function runBatchMode(o: BatchRunOptions): Promise<StopReason> {
  const { db, readDb, runId, writer, control, stats } = o;
  const pause = control.pauseSignal.signal;
  const writeError = (e: Error) => { if (!control.fatal) control.fatal = e.message; control.cancel(); };

  const batches = async () => {
    await writer.flush();
    return db.all<BatchRow>(`SELECT batch_no, state, input_file_id, batch_id, status, requests FROM judge_batches WHERE run_id = ? ORDER BY batch_no`, [runId]);
  };
  const setBatch = async (no: number, fields: Record<string, string | number | null>) => {
    await writer.flush();
    const keys = Object.keys(fields);
    await db.run(`UPDATE judge_batches SET ${keys.map((k) => `${k} = ?`).join(', ')}, updated_at = ${nowSql} WHERE run_id = ? AND batch_no = ?`,
      [...keys.map((k) => fields[k]), runId, no]);
  };
  const itemsOf = async (no: number) => db.all<{ item_id: number; custom_id: string; conversation_id: string; dimension: string | null; conversation_b: string | null }>(`
    SELECT b.item_id, b.custom_id, i.conversation_id, i.dimension, i.conversation_b
    FROM judge_batch_items b JOIN judge_items i USING (run_id, item_id) WHERE b.run_id = ? AND b.batch_no = ? ORDER BY b.item_id`, [runId, no]);
  const attemptsOf = async (itemIds: number[]) => !itemIds.length ? new Map<number, number>() : new Map((await db.all<{ item_id: number; n: number }>(
    `SELECT item_id, count(*) AS n FROM judge_batch_items WHERE run_id = ? AND item_id IN (SELECT unnest(?::INTEGER[])) GROUP BY 1`,
    [runId, listValue(itemIds)])).map((r) => [r.item_id, r.n]));

  try {
    for (;;) {
      if (pause.aborted) break;
      let rows = await batches();
      let open = rows.filter((r) => r.state !== 'ingested');
      if (!open.length) {
        // A new round: everything still pending, less what the cache already answers.
        const pending = await pendingItems(readDb, runId);
        if (!pending.length) break;
        const misses: { item: PendingItem; body: string }[] = [];
        for (let i = 0; i < pending.length; i += CHUNK) {
          const built = await buildChunk(readDb, o.shape, pending.slice(i, i + CHUNK), null);
          const hits = await cacheLookup(readDb, built.flatMap((b) => (b.req ? [b.req.cacheKey] : [])));
          for (const b of built) {
            if (!b.req) {
              writer.add({ type: 'failure', itemId: b.item.itemId, reason: 'conversation has no messages to judge', attempts: 0 }).catch(writeError);
              stats.failed++;
            } else if (hits.has(b.req.cacheKey)) {
              writer.add(cachedAnswer(b.item, b.req.cacheKey, JSON.parse(hits.get(b.req.cacheKey)!) as ParsedAnswer)).catch(writeError);
              stats.answered++;
            } else misses.push({ item: b.item, body: b.req.body });
          }
        }
        await writer.flush();
        // Items that have been through every allowed round without an answer (expired, cancelled batches) stop here.
        const rounds = await attemptsOf(misses.map((m) => m.item.itemId));
        const next = misses.filter((m) => {
          const n = rounds.get(m.item.itemId) ?? 0;
          if (n < o.maxAttempts) return true;
          writer.add({ type: 'failure', itemId: m.item.itemId, reason: `no answer after ${n} batch rounds`, attempts: n }).catch(writeError);
          stats.failed++;
          return false;
        });
        await writer.flush();
        misses.length = 0;
        misses.push(...next);
        if (!misses.length) break;
        let no = rows.reduce((m, r) => Math.max(m, r.batch_no), 0);
        await db.transaction(async () => {
          for (let i = 0; i < misses.length; i += o.maxRequestsPerBatch) {
            const part = misses.slice(i, i + o.maxRequestsPerBatch);
            no++;
            await db.run(`INSERT INTO judge_batches VALUES (?, ?, 'preparing', NULL, NULL, NULL, NULL, NULL, NULL, ?, ${nowSql}, ${nowSql})`, [runId, no, part.length]);
            const a = await db.conn.createAppender('judge_batch_items');
            try {
              for (const m of part) {
                a.appendVarchar(runId); a.appendInteger(no); a.appendInteger(m.item.itemId); a.appendVarchar(`item-${m.item.itemId}`); a.endRow();
              }
              a.flushSync();
            } finally {
              a.closeSync();
            }
          }
        });
        rows = await batches();
        open = rows.filter((r) => r.state !== 'ingested');
      }

      for (const b of open) {
        if (pause.aborted) break;
        if (b.state === 'preparing') {
          const items = await itemsOf(b.batch_no);
          const lines: string[] = [];
          for (let i = 0; i < items.length; i += CHUNK) {
            const part = items.slice(i, i + CHUNK);
            const built = await buildChunk(readDb, o.shape, part.map((x) => ({ itemId: x.item_id, conversationId: x.conversation_id, dimension: x.dimension, conversationB: x.conversation_b })), null);
            built.forEach((bi, k) => {
              if (bi.req) lines.push(`{"custom_id":${JSON.stringify(part[k].custom_id)},"method":"POST","url":"/v1/chat/completions","body":${bi.req.body}}`);
            });
          }
          o.progress(`batch ${b.batch_no}: uploading ${lines.length} requests`);
          const file = await o.client.files.create({ file: await toFile(Buffer.from(lines.join('\n') + '\n'), `${runId}-batch-${b.batch_no}.jsonl`), purpose: 'batch' });
          await setBatch(b.batch_no, { state: 'uploaded', input_file_id: file.id });
          b.state = 'uploaded';
          b.input_file_id = file.id;
        }
        if (b.state === 'uploaded') {
          // A batch created just before a crash is found by its input file instead of being created twice.
          let existing: OpenAI.Batches.Batch | undefined;
          for await (const x of o.client.batches.list({ limit: 100 })) {
            if (x.input_file_id === b.input_file_id) { existing = x; break; }
          }
          const batch = existing ?? await o.client.batches.create({
            input_file_id: b.input_file_id!, endpoint: '/v1/chat/completions', completion_window: '24h',
            metadata: { workbench_run: runId, batch_no: String(b.batch_no) },
          });
          await setBatch(b.batch_no, { state: 'submitted', batch_id: batch.id, status: batch.status });
          b.state = 'submitted';
          b.batch_id = batch.id;
          o.progress(`batch ${b.batch_no}: submitted (${batch.id})`);
        }
      }
      if (pause.aborted) break;

      // Poll every submitted batch; ingest the finished ones.
      let waiting = 0;
      for (const b of open.filter((x) => x.state === 'submitted')) {
        if (pause.aborted) break;
        const batch = await o.client.batches.retrieve(b.batch_id!);
        await setBatch(b.batch_no, { status: batch.status, output_file_id: batch.output_file_id ?? null, error_file_id: batch.error_file_id ?? null, request_counts: JSON.stringify(batch.request_counts ?? null) });
        if (!TERMINAL.has(batch.status)) {
          waiting++;
          o.progress(`batch ${b.batch_no}: ${batch.status}${batch.request_counts ? ` (${batch.request_counts.completed}/${batch.request_counts.total})` : ''}`);
          continue;
        }
        await ingest(o, b.batch_no, batch, await itemsOf(b.batch_no), attemptsOf, writeError);
        await writer.flush();
        await setBatch(b.batch_no, { state: 'ingested' });
        o.progress(`batch ${b.batch_no}: ${batch.status}, ingested`);
      }
      if (waiting && !pause.aborted) {
        try {
          await sleep(o.pollIntervalMs, pause);
        } catch {
          break;
        }
      }
    }
    if (control.cancelled) {
      // Ask the server to stop what it has not done yet; finished requests are still collected on resume.
      for (const b of (await batches()).filter((x) => x.state === 'submitted' && x.batch_id)) {
        await o.client.batches.cancel(b.batch_id!).catch(() => {});
      }
    }
  } catch (e) {
    if (!control.fatal) control.fatal = `Batch mode stopped: ${describe(e, o.redactor)}`;
  }
  await writer.flush().catch((e) => writeError(e));
  if (control.fatal) return 'fatal';
  if (control.cancelled) return 'cancelled';
  if (control.stopping) return 'paused';
  return 'done';
}

async function ingest(
  o: BatchRunOptions, batchNo: number, batch: OpenAI.Batches.Batch,
  items: { item_id: number; custom_id: string; conversation_id: string; dimension: string | null; conversation_b: string | null }[],
  attemptsOf: (ids: number[]) => Promise<Map<number, number>>,
  writeError: (e: Error) => void,
): Promise<void> {
  const byCustom = new Map(items.map((i) => [i.custom_id, i]));
  const keys = new Map<number, string>();
  for (let i = 0; i < items.length; i += CHUNK) {
    const part = items.slice(i, i + CHUNK).map((x) => ({ itemId: x.item_id, conversationId: x.conversation_id, dimension: x.dimension, conversationB: x.conversation_b }));
    for (const b of await buildChunk(o.readDb, o.shape, part, null)) if (b.req) keys.set(b.item.itemId, b.req.cacheKey);
  }
  const seen = new Set<string>();
  const problems = new Map<number, string>();
  const read = async (fileId: string | null | undefined) => (fileId ? (await (await o.client.files.content(fileId)).text()) : '');
  const text = (await read(batch.output_file_id)) + '\n' + (await read(batch.error_file_id));
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let rec: { custom_id?: string; response?: { status_code?: number; body?: unknown } | null; error?: { code?: string; message?: string } | null };
    try {
      rec = JSON.parse(line);
    } catch {
      continue; // an unreadable line cannot be matched to an item; the item stays pending for the next round
    }
    const it = rec.custom_id ? byCustom.get(rec.custom_id) : undefined;
    if (!it || seen.has(rec.custom_id!)) continue;
    seen.add(rec.custom_id!);
    const status = rec.response?.status_code ?? 0;
    if (status !== 200 || rec.error) {
      const msg = rec.error?.message ?? (rec.response?.body as { error?: { message?: string } } | undefined)?.error?.message ?? '';
      problems.set(it.item_id, o.redactor.redact(`batch request failed: ${status ? `HTTP ${status}` : rec.error?.code ?? 'error'}${msg ? `: ${msg.slice(0, 200)}` : ''}`));
      continue;
    }
    const body = typeof rec.response!.body === 'string' ? rec.response!.body : JSON.stringify(rec.response!.body);
    try {
      const c = readCompletion(body);
      if (c.refusal) throw new InvalidAnswer(`model refused: ${c.refusal.slice(0, 200)}`);
      const parsed = parseAnswer(o.shape.kind, c.content, c.finishReason, it.dimension);
      const raw = o.redactor.leaks(body) ? o.redactor.redact(body) : body;
      const cacheKey = keys.get(it.item_id);
      if (!cacheKey) continue;
      o.writer.add({
        type: 'answer', itemId: it.item_id, cacheKey, fromCache: false, attempts: 1,
        inputTokens: c.usage.inputTokens, outputTokens: c.usage.outputTokens, cachedTokens: c.usage.cachedTokens, latencyMs: null,
        scores: scoreRows(it.conversation_id, parsed),
        cache: { model: o.shape.model, kind: o.shape.kind, raw, parsed: JSON.stringify(parsed), inputTokens: c.usage.inputTokens, outputTokens: c.usage.outputTokens },
      }).catch(writeError);
      o.stats.answered++;
      o.stats.inputTokens += c.usage.inputTokens ?? 0;
      o.stats.outputTokens += c.usage.outputTokens ?? 0;
    } catch (e) {
      if (e instanceof InvalidAnswer || e instanceof MalformedResponse) problems.set(it.item_id, `invalid answer: ${e.message}`);
      else throw e;
    }
  }
  // A failed batch (rejected input) will fail the same way again: its items fail now. Others get more rounds.
  const rejected = batch.status === 'failed';
  const reasonAll = rejected ? o.redactor.redact(`batch rejected: ${batch.errors?.data?.map((d) => d.message).join('; ').slice(0, 300) || 'no reason given'}`) : null;
  const attempts = await attemptsOf([...problems.keys(), ...(rejected ? items.map((i) => i.item_id) : [])]);
  for (const it of items) {
    const problem = problems.get(it.item_id) ?? (rejected && !seen.has(it.custom_id) ? reasonAll : null);
    if (!problem) continue;
    const n = attempts.get(it.item_id) ?? 1;
    if (rejected || n >= o.maxAttempts) {
      o.writer.add({ type: 'failure', itemId: it.item_id, reason: `${problem} (after ${n} batch round${n > 1 ? 's' : ''})`, attempts: n }).catch(writeError);
      o.stats.failed++;
    }
  }
  void batchNo;
}
