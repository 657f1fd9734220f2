// projections and projection_points: every SQL statement that writes or lists projections. Values are parameters.
import { randomUUID } from 'node:crypto';
import { listValue } from '@duckdb/node-api';
import type { ProjectionEngine, ProjectionParams, ProjectionSummary } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';

export const newProjectionId = () => `proj-${randomUUID().slice(0, 8)}`;

const SUMMARY_COLUMNS = `projection_id AS id, embedding_set_id AS "embeddingSetId", engine, CAST(params AS VARCHAR) AS params, state, message,
  points, seconds, neighborhood_preservation AS "neighborhoodPreservation", label,
  CAST(created_at AS VARCHAR) AS "createdAt", CAST(updated_at AS VARCHAR) AS "updatedAt"`;

type Row = Omit<ProjectionSummary, 'params' | 'jobId'> & { params: string };

/** A 'running' row that no live job owns is shown as 'interrupted'; the job id comes from the live map. */
function shown(r: Row, live: ReadonlyMap<string, string>): ProjectionSummary {
  const jobId = live.get(r.id) ?? null;
  return {
    ...r, params: JSON.parse(r.params) as ProjectionParams, jobId,
    state: r.state === 'running' && !jobId ? 'interrupted' : r.state,
  };
}

export async function insertProjection(db: Db, p: { id: string; embeddingSetId: string; engine: ProjectionEngine; params: ProjectionParams; label: string | null }): Promise<void> {
  await db.run(`INSERT INTO projections (projection_id, embedding_set_id, engine, params, state, message, label, created_at, updated_at)
    VALUES (?, ?, ?, ?, 'running', 'Starting', ?, now(), now())`, [p.id, p.embeddingSetId, p.engine, JSON.stringify(p.params), p.label]);
}

export async function setProjectionState(db: Db, id: string, state: 'running' | 'failed', message: string | null): Promise<void> {
  await db.run(`UPDATE projections SET state = ?, message = ?, updated_at = now() WHERE projection_id = ?`, [state, message, id]);
}

export interface FinishedProjection {
  keys: { conversationIds: string[]; turns: Int32Array; sentenceIndex: Int32Array };
  /** n × 2, row-major, in key order. */
  positions: Float32Array;
  seconds: number;
  preservation: number | null;
}

/** The points and the projection's results in one transaction: a projection is either done with all its points or has none. */
export async function finishProjection(db: Db, id: string, r: FinishedProjection): Promise<void> {
  const n = r.keys.conversationIds.length;
  const xs = new Array<number>(n), ys = new Array<number>(n);
  for (let i = 0; i < n; i++) { xs[i] = r.positions[2 * i]; ys[i] = r.positions[2 * i + 1]; }
  await db.transaction(async () => {
    await db.run(`DELETE FROM projection_points WHERE projection_id = ?`, [id]);
    await db.run(`INSERT INTO projection_points SELECT ?, unnest(?::INTEGER[]), unnest(?::VARCHAR[]),
        unnest(?::INTEGER[]), unnest(?::INTEGER[]), unnest(?::FLOAT[]), unnest(?::FLOAT[])`,
    [id, listValue(Array.from({ length: n }, (_, i) => i)), listValue(r.keys.conversationIds), listValue(Array.from(r.keys.turns)),
      listValue(Array.from(r.keys.sentenceIndex)), listValue(xs), listValue(ys)]);
    await db.run(`UPDATE projections SET state = 'done', message = NULL, points = ?, seconds = ?, neighborhood_preservation = ?,
        updated_at = now() WHERE projection_id = ?`, [n, r.seconds, r.preservation, id]);
  });
}

export async function listProjections(db: Db, embeddingSetId: string | undefined, live: ReadonlyMap<string, string>): Promise<ProjectionSummary[]> {
  const rows = await db.all<Row>(`SELECT ${SUMMARY_COLUMNS} FROM projections WHERE (?::VARCHAR IS NULL OR embedding_set_id = ?)
    ORDER BY created_at DESC, projection_id`, [embeddingSetId ?? null, embeddingSetId ?? null]);
  return rows.map((r) => shown(r, live));
}

export async function getProjection(db: Db, id: string, live: ReadonlyMap<string, string>): Promise<ProjectionSummary> {
  const row = await db.one<Row>(`SELECT ${SUMMARY_COLUMNS} FROM projections WHERE projection_id = ?`, [id]);
  if (!row) throw new UserError(`No projection ${id}`, 'not-found');
  return shown(row, live);
}

export async function renameProjection(db: Db, id: string, label: string | null): Promise<void> {
  await db.run(`UPDATE projections SET label = ?, updated_at = now() WHERE projection_id = ?`, [label, id]);
}

/** The projection and its points. */
export async function deleteProjection(db: Db, id: string): Promise<void> {
  await db.transaction(async () => {
    await db.run(`DELETE FROM projection_points WHERE projection_id = ?`, [id]);
    await db.run(`DELETE FROM projections WHERE projection_id = ?`, [id]);
  });
}

/** A done projection, or a UserError saying why its points cannot be shown. */
export async function requireDone(db: Db, id: string): Promise<{ points: number }> {
  const row = await db.one<{ state: string; points: number | null }>(`SELECT state, points FROM projections WHERE projection_id = ?`, [id]);
  if (!row) throw new UserError(`No projection ${id}`, 'not-found');
  if (row.state !== 'done') throw new UserError(`Projection ${id} is not finished (${row.state})`, 'bad-request');
  return { points: row.points ?? 0 };
}
