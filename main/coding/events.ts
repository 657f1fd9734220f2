// The append-only event log. An edit is one transaction: build its row changes from the current tables, read
// the rows it will replace (its inverse), apply the changes, append the event, refresh what is derived from
// the tables (sentence labellings, rater score sets). A kill at any point leaves either all of it or none.
// Undo appends an event whose changes are the target's inverse; redo one whose changes are the target's own.
import type { CodingEvent } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { applyOps, CODING_TABLES, readRows, sameRow, type CodingTable, type Op } from './tables.js';

export interface EventPayload { args: unknown; ops: Op[]; inv: Op[] }

/** What must be recomputed after an event changed these tables (inside the same transaction). */
export type DerivedRefresh = (db: Db, touched: ReadonlySet<CodingTable>) => Promise<void>;

export interface Edit<T> {
  coder: string;
  kind: string;
  summary: string;
  args: unknown;
  /** Runs inside the transaction; returns the row changes and what the caller gets back. */
  build: () => Promise<{ ops: Op[]; result: T }>;
}

/** A fault injected between applying an edit and committing it (tests of the all-or-nothing promise). */
export interface EventHooks { beforeCommit?: (seq: number) => void | Promise<void> }

async function inverseOf(db: Db, ops: readonly Op[]): Promise<Op[]> {
  const inv: Op[] = [];
  const keysByTable = new Map<CodingTable, string[]>();
  for (const op of ops) {
    if (!keysByTable.has(op.table)) keysByTable.set(op.table, []);
    keysByTable.get(op.table)!.push(op.key);
  }
  const current = new Map<CodingTable, Map<string, unknown>>();
  for (const [t, keys] of keysByTable) current.set(t, await readRows(db, t, [...new Set(keys)]));
  // Undo restores each key's value from before the first change of this event, applied in reverse order.
  const seen = new Set<string>();
  for (const op of ops) {
    const id = `${op.table}\u0000${op.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    inv.push({ table: op.table, key: op.key, row: (current.get(op.table)!.get(op.key) as Op['row']) ?? null });
  }
  return inv.reverse();
}

async function nextSeq(db: Db): Promise<number> {
  return ((await db.value<number | null>('SELECT max(seq) FROM coding_events')) ?? 0) + 1;
}

async function append(db: Db, e: { coder: string; kind: string; summary: string; targetSeq: number | null; payload: EventPayload }, refresh: DerivedRefresh, hooks: EventHooks): Promise<number> {
  const seq = await nextSeq(db);
  await applyOps(db, e.payload.ops);
  await db.run(`INSERT INTO coding_events VALUES (?, now(), ?, ?, ?, ?, ?)`,
    [seq, e.coder, e.kind, e.targetSeq, e.summary, JSON.stringify(e.payload)]);
  await refresh(db, new Set(e.payload.ops.map((o) => o.table)));
  await hooks.beforeCommit?.(seq);
  return seq;
}

/** Runs one edit as one event; an edit with no row changes appends nothing. */
export async function commitEdit<T>(db: Db, edit: Edit<T>, refresh: DerivedRefresh, hooks: EventHooks = {}): Promise<T & { seq: number | null }> {
  return db.transaction(async () => {
    const { ops, result } = await edit.build();
    if (ops.length === 0) return { ...result, seq: null };
    const inv = await inverseOf(db, ops);
    const seq = await append(db, { coder: edit.coder, kind: edit.kind, summary: edit.summary, targetSeq: null, payload: { args: edit.args, ops, inv } }, refresh, hooks);
    return { ...result, seq };
  });
}

interface EventRow { seq: number; coder: string; kind: string; target_seq: number | null }

/**
 * The coder's undo and redo stacks, from their events in order: an edit pushes on the undo stack and clears
 * the redo stack; an undo moves its target to the redo stack; a redo moves it back.
 */
async function stacks(db: Db, coder: string): Promise<{ undo: number[]; redo: number[] }> {
  const rows = await db.all<EventRow>(`SELECT seq, coder, kind, target_seq FROM coding_events WHERE coder = ? ORDER BY seq`, [coder]);
  const undo: number[] = [];
  let redo: number[] = [];
  for (const r of rows) {
    if (r.kind === 'undo') {
      undo.pop();
      redo.push(r.target_seq!);
    } else if (r.kind === 'redo') {
      redo.pop();
      undo.push(r.target_seq!);
    } else {
      undo.push(r.seq);
      redo = [];
    }
  }
  return { undo, redo };
}

async function payloadOf(db: Db, seq: number): Promise<EventPayload & { kind: string; summary: string }> {
  const r = await db.one<{ payload: string; kind: string; summary: string }>(`SELECT CAST(payload AS VARCHAR) AS payload, kind, summary FROM coding_events WHERE seq = ?`, [seq]);
  if (!r) throw new Error(`coding event ${seq} is missing`);
  return { ...(JSON.parse(r.payload) as EventPayload), kind: r.kind, summary: r.summary };
}

/** Refuses when a later edit (by anyone) changed a row this step would overwrite: undoing would erase it. */
async function checkUnchanged(db: Db, expected: readonly Op[], what: string): Promise<void> {
  const byTable = new Map<CodingTable, Op[]>();
  for (const op of expected) byTable.set(op.table, [...(byTable.get(op.table) ?? []), op]);
  for (const [t, ops] of byTable) {
    const now = await readRows(db, t, ops.map((o) => o.key));
    const last = new Map(ops.map((o) => [o.key, o.row]));
    for (const [key, row] of last) {
      if (!sameRow(now.get(key) ?? null, row)) {
        throw new UserError(`Cannot ${what}: a later edit changed the same ${t.replace('coding_', '').replace(/s$/, '')} since`, 'conflict');
      }
    }
  }
}

/** Undoes (or redoes) the coder's latest step; null when there is nothing to undo (redo). */
export async function undoRedo(db: Db, coder: string, which: 'undo' | 'redo', refresh: DerivedRefresh, hooks: EventHooks = {}): Promise<number | null> {
  return db.transaction(async () => {
    const s = await stacks(db, coder);
    const target = which === 'undo' ? s.undo.at(-1) : s.redo.at(-1);
    if (target === undefined) return null;
    const p = await payloadOf(db, target);
    // Undo expects the rows as the target left them; redo expects them as its undo left them.
    await checkUnchanged(db, which === 'undo' ? p.ops : p.inv, `${which} "${p.summary}"`);
    const ops = which === 'undo' ? p.inv : p.ops;
    const inv = which === 'undo' ? p.ops : p.inv;
    return append(db, { coder, kind: which, summary: `${which} ${p.summary}`, targetSeq: target, payload: { args: { seq: target }, ops, inv } }, refresh, hooks);
  });
}

export async function canUndoRedo(db: Db, coder: string): Promise<{ canUndo: boolean; canRedo: boolean }> {
  const s = await stacks(db, coder);
  return { canUndo: s.undo.length > 0, canRedo: s.redo.length > 0 };
}

/** Events newest first; `undone` = an undo whose target has not been redone since. */
export async function history(db: Db, opts: { coder?: string; before?: number; limit?: number }): Promise<CodingEvent[]> {
  const rows = await db.all<{ seq: number; at: string; coder: string; kind: string; summary: string; target_seq: number | null }>(
    `SELECT seq, strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS at, coder, kind, summary, target_seq FROM coding_events
     WHERE (?::VARCHAR IS NULL OR coder = ?) AND (?::BIGINT IS NULL OR seq < ?) ORDER BY seq DESC LIMIT ?`,
    [opts.coder ?? null, opts.coder ?? null, opts.before ?? null, opts.before ?? null, opts.limit ?? 100]);
  // An event is undone when the latest undo/redo that targets it is an undo.
  const last = await db.all<{ target: number; kind: string }>(
    `SELECT target_seq AS target, arg_max(kind, seq) AS kind FROM coding_events WHERE target_seq IS NOT NULL GROUP BY 1`);
  const undone = new Set(last.filter((r) => r.kind === 'undo').map((r) => r.target));
  return rows.map((r) => ({ seq: r.seq, at: r.at, coder: r.coder, kind: r.kind, summary: r.summary, targetSeq: r.target_seq, undone: undone.has(r.seq) }));
}

/**
 * Empties the materialised tables and replays every event's row changes in order: what the tables must equal
 * at any time (a test compares the two; a damaged workspace can be repaired with it).
 */
export async function rebuildFromLog(db: Db, refresh: DerivedRefresh): Promise<number> {
  return db.transaction(async () => {
    for (const t of CODING_TABLES) await db.run(`DELETE FROM ${t}`);
    const seqs = (await db.all<{ seq: number }>(`SELECT seq FROM coding_events ORDER BY seq`)).map((r) => r.seq);
    for (const seq of seqs) await applyOps(db, (await payloadOf(db, seq)).ops);
    await refresh(db, new Set(CODING_TABLES));
    return seqs.length;
  });
}
