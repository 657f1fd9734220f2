// Saved custom figures: the spec under a name, never the data, so a saved figure re-runs on the workspace as it is.
// The table is created here, lazily (CREATE TABLE IF NOT EXISTS), not by a migration: the migration slots after
// version 5 belong to other domains, and a workspace that never saves a figure never gets the table.
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { CustomFigureSpecSchema, type CustomFigureSpec, type SavedCustomFigure } from '../api/contract/custom-figures.js';
import { isoOf, nowSql } from '../judge/time.js';

const TABLE_SQL = `CREATE TABLE IF NOT EXISTS custom_figures (
  name VARCHAR PRIMARY KEY, spec JSON NOT NULL, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL)`;

const ready = new WeakSet<Db>();

async function ensureTable(db: Db): Promise<void> {
  if (ready.has(db)) return;
  await db.run(TABLE_SQL);
  ready.add(db);
}

interface Row { name: string; spec: string; created_at: unknown; updated_at: unknown }

function toSaved(r: Row): SavedCustomFigure {
  // A spec saved by an older version that no longer passes the schema is still listed as saved; it fails when drawn.
  const parsed = CustomFigureSpecSchema.safeParse(JSON.parse(r.spec));
  return { name: r.name, spec: parsed.success ? parsed.data : (JSON.parse(r.spec) as CustomFigureSpec), createdAt: isoOf(r.created_at)!, updatedAt: isoOf(r.updated_at)! };
}

const SELECT = `SELECT name, CAST(spec AS VARCHAR) AS spec, created_at, updated_at FROM custom_figures`;

export async function listFigures(db: Db): Promise<SavedCustomFigure[]> {
  await ensureTable(db);
  return (await db.all<Row>(`${SELECT} ORDER BY lower(name), name`)).map(toSaved);
}

export async function getFigure(db: Db, name: string): Promise<SavedCustomFigure> {
  await ensureTable(db);
  const r = await db.one<Row>(`${SELECT} WHERE name = ?`, [name]);
  if (!r) throw new UserError(`No saved figure "${name}"`, 'not-found');
  return toSaved(r);
}

export async function saveFigure(db: Db, name: string, spec: CustomFigureSpec, replace: boolean): Promise<SavedCustomFigure> {
  await ensureTable(db);
  const clean = name.trim();
  if (!clean) throw new UserError('name: give the figure a name', 'invalid-args');
  await db.transaction(async () => {
    const exists = await db.value<number>('SELECT count(*) FROM custom_figures WHERE name = ?', [clean]);
    if (exists && !replace) throw new UserError(`A figure named "${clean}" is already saved; choose another name or replace it`, 'conflict');
    if (exists) await db.run(`UPDATE custom_figures SET spec = ?, updated_at = ${nowSql} WHERE name = ?`, [JSON.stringify(spec), clean]);
    else await db.run(`INSERT INTO custom_figures VALUES (?, ?, ${nowSql}, ${nowSql})`, [clean, JSON.stringify(spec)]);
  });
  return getFigure(db, clean);
}

export async function deleteFigure(db: Db, name: string): Promise<boolean> {
  await ensureTable(db);
  const n = await db.value<number>('SELECT count(*) FROM custom_figures WHERE name = ?', [name]);
  if (n) await db.run('DELETE FROM custom_figures WHERE name = ?', [name]);
  return n > 0;
}
