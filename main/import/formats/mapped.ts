// Any CSV, JSON (an array of objects, or JSON Lines) or Parquet file in long format (one row per
// message), with its columns renamed onto study fields by a column mapping (source column -> field).
//
// Map entries (`--map source=target`):
//   conversation level  conversation_id (required), participant_id, round, scenario, scenario_type, extra
//   participant level   condition, age, sex, ethnicity, jordan_empathy, sites (need participant_id; a
//                       participants row is created for every mapped participant_id)
//   message level       turn, role (required), text (required), sent_at, annotation
//   scores (wide)       score:<dimension>, rationale:<dimension>, evidence:<dimension>, rater
//   dropped             ignore
// Option entries (keys that are not columns):
//   role:<value>=seeker|supporter   e.g. `role:speaker=seeker`, maps a role value of the file
//   option:score_set=NAME           score set name when no column is mapped to `rater` (default: file name)
//   option:scale=MIN-MAX            scale of the scores (default 1-5)
//   option:kind=human|llm|…         kind of the score sets (default "imported")
// Source columns named exactly like a field are taken as that field unless mapped elsewhere. Other
// unmapped columns are kept in the message annotation. Conversation-, participant- and score-level
// values are repeated on the rows of a conversation: their non-empty values must agree. Without a
// `turn` column, messages are numbered per conversation in file order, from 0.
import { basename, extname } from 'node:path';
import { ident, literal, type Db } from '../../db/workspace.js';
import type { ImportRequest } from '../../api/contract/index.js';
import { DIMENSIONS } from '../../domain/study.js';
import { fingerprintFiles } from '../fingerprint.js';
import { ImportError } from '../import-error.js';
import type { Importer } from '../importer.js';
import { stageRows, type StagedTable } from '../stage.js';
import type { ScoreSetSpec, StagedStudy } from '../staged-study.js';
import type { StudyTable } from '../fields.js';
import { cleanOnFailure, isFile, parseJson, readCsv, readUtf8, stem, jsonElementLines, type Cell } from './common.js';

const CONVERSATION_FIELDS = ['conversation_id', 'participant_id', 'round', 'scenario', 'scenario_type'] as const;
const PARTICIPANT_FIELDS = ['condition', 'age', 'sex', 'ethnicity', 'jordan_empathy', 'sites'] as const;
const MESSAGE_FIELDS = ['turn', 'role', 'text', 'sent_at'] as const;
const PLAIN_TARGETS = [...CONVERSATION_FIELDS, ...PARTICIPANT_FIELDS, ...MESSAGE_FIELDS, 'rater'] as string[];
const BAG_TARGETS = ['extra', 'annotation', 'ignore'];
const INTEGER_FIELDS = new Set(['round', 'turn']);
const NUMBER_FIELDS = new Set(['age', 'jordan_empathy', 'sites']);

export const MAPPED_EXTENSIONS = /\.(csv|json|jsonl|ndjson|parquet)$/i;

/** A source file read as text cells, with where each row is (a line for text formats, a row for Parquet). */
interface Table {
  file: string;
  columns: string[];
  rows: Cell[][];
  lines: (number | undefined)[];
}

const scalar = (v: unknown): Cell =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);

async function readTable(db: Db, path: string): Promise<Table> {
  const file = basename(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return readCsv(db, path, file);
  if (ext === '.parquet') {
    let cols: string[];
    let rows: Cell[][];
    try {
      const schema = await db.all<{ name: string }>(`SELECT name FROM parquet_schema(${literal(path)}) WHERE num_children IS NULL OR num_children = 0`);
      cols = schema.map((c) => c.name);
      const reader = await db.conn.runAndReadAll(
        `SELECT ${cols.map((c) => `CAST(${ident(c)} AS VARCHAR)`).join(', ')} FROM read_parquet(${literal(path)})`);
      rows = reader.getRows().map((r) => r.map((v) => (v == null ? null : String(v))));
    } catch (e) {
      throw new ImportError(`cannot read as Parquet: ${String((e as Error).message).split('\n')[0]}`, { file });
    }
    return { file, columns: cols, rows, lines: rows.map(() => undefined) };
  }
  // JSON: an array of objects, or JSON Lines (one object per line).
  const text = readUtf8(path, file);
  const objects: { o: unknown; line: number }[] = [];
  if (/^\s*\[/.test(text)) {
    const data = parseJson(text, file);
    if (!Array.isArray(data)) throw new ImportError('expected a JSON array of objects', { file, line: 1 });
    const lines = jsonElementLines(text).top;
    data.forEach((o, i) => objects.push({ o, line: lines[i] }));
  } else {
    const lines = text.split('\n');
    lines.forEach((ln, i) => {
      if (!ln.trim()) return;
      objects.push({ o: parseJson(ln, file, i), line: i + 1 });
    });
  }
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const { o, line } of objects) {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ImportError('expected a JSON object for each row', { file, line });
    for (const k of Object.keys(o)) if (!seen.has(k)) { seen.add(k); columns.push(k); }
  }
  const rows = objects.map(({ o }) => columns.map((c) => scalar((o as Record<string, unknown>)[c])));
  return { file, columns, rows, lines: objects.map((x) => x.line) };
}

interface Plan {
  /** target -> source column index, for the plain fields. */
  field: Map<string, number>;
  /** dimension -> column index. */
  score: Map<string, number>;
  rationale: Map<string, number>;
  evidence: Map<string, number>;
  extra: number[];
  annotation: number[];
  roles: Map<string, string>;
  options: { scoreSet?: string; scaleMin: number; scaleMax: number; kind: string };
}

function plan(t: Table, map: Record<string, string>): Plan {
  const p: Plan = {
    field: new Map(), score: new Map(), rationale: new Map(), evidence: new Map(), extra: [], annotation: [], roles: new Map(),
    options: { scaleMin: 1, scaleMax: 5, kind: 'imported' },
  };
  const colIndex = new Map(t.columns.map((c, i) => [c, i]));
  const explicit = new Set<number>();
  for (const [key, rawTarget] of Object.entries(map)) {
    const target = rawTarget.trim();
    if (key.startsWith('role:') && !colIndex.has(key)) {
      const role = target.toLowerCase();
      if (role !== 'seeker' && role !== 'supporter') throw new ImportError(`map "${key}=${target}": a role value maps to seeker or supporter`);
      p.roles.set(key.slice(5), role);
      continue;
    }
    if (key.startsWith('option:') && !colIndex.has(key)) {
      const opt = key.slice(7);
      if (opt === 'score_set' || opt === 'score-set') p.options.scoreSet = target;
      else if (opt === 'kind') p.options.kind = target;
      else if (opt === 'scale') {
        const m = /^(-?\d+(?:\.\d+)?)\s*(?:-|\.\.|:)\s*(-?\d+(?:\.\d+)?)$/.exec(target);
        if (!m || Number(m[1]) >= Number(m[2])) throw new ImportError(`map "option:scale=${target}": expected MIN-MAX, e.g. 1-5 or 0-2`);
        p.options.scaleMin = Number(m[1]);
        p.options.scaleMax = Number(m[2]);
      } else throw new ImportError(`unknown map option "${key}" (known: option:score_set, option:scale, option:kind)`);
      continue;
    }
    const i = colIndex.get(key);
    if (i === undefined) {
      throw new ImportError(`the column mapping names column "${key}", which the file does not have (columns: ${t.columns.join(', ')})`, { file: t.file });
    }
    explicit.add(i);
    const scoreTarget = /^(score|rationale|evidence):(.+)$/.exec(target);
    if (scoreTarget) {
      const dim = scoreTarget[2].trim();
      const bucket = scoreTarget[1] === 'score' ? p.score : scoreTarget[1] === 'rationale' ? p.rationale : p.evidence;
      if (bucket.has(dim)) throw new ImportError(`two columns are mapped to "${target}" ("${t.columns[bucket.get(dim)!]}" and "${key}")`, { file: t.file });
      bucket.set(dim, i);
    } else if (PLAIN_TARGETS.includes(target)) {
      if (p.field.has(target)) throw new ImportError(`two columns are mapped to "${target}" ("${t.columns[p.field.get(target)!]}" and "${key}")`, { file: t.file });
      p.field.set(target, i);
    } else if (target === 'extra') p.extra.push(i);
    else if (target === 'annotation') p.annotation.push(i);
    else if (target !== 'ignore') {
      throw new ImportError(
        `map "${key}=${target}": unknown field "${target}" (fields: ${[...PLAIN_TARGETS, ...BAG_TARGETS, 'score:<dimension>', 'rationale:<dimension>', 'evidence:<dimension>'].join(', ')})`,
        { file: t.file },
      );
    }
  }
  // Columns already named like a field are that field, unless mapped or the field is taken.
  t.columns.forEach((c, i) => {
    if (explicit.has(i)) return;
    if (PLAIN_TARGETS.includes(c) && !p.field.has(c)) { p.field.set(c, i); explicit.add(i); }
  });
  t.columns.forEach((_, i) => { if (!explicit.has(i)) p.annotation.push(i); });
  for (const need of ['conversation_id', 'role', 'text']) {
    if (!p.field.has(need)) {
      throw new ImportError(`no column is mapped to "${need}" (map one with --map COLUMN=${need}; columns: ${t.columns.join(', ')})`, { file: t.file });
    }
  }
  const participantFields = PARTICIPANT_FIELDS.filter((f) => p.field.has(f));
  if (participantFields.length && !p.field.has('participant_id')) {
    throw new ImportError(`"${participantFields[0]}" is a participant field: map a column to participant_id too`, { file: t.file });
  }
  if (p.field.has('rater') && p.score.size === 0) throw new ImportError('a column is mapped to rater but none to score:<dimension>', { file: t.file });
  for (const [what, m] of [['rationale', p.rationale], ['evidence', p.evidence]] as const) {
    for (const d of m.keys()) if (!p.score.has(d)) throw new ImportError(`"${what}:${d}" is mapped but "score:${d}" is not`, { file: t.file });
  }
  return p;
}

/** Keeps the first non-empty value of a repeated level, refusing a different one. */
class Consistent {
  private values = new Map<string, { v: string; line?: number }>();
  constructor(private readonly t: Table, private readonly what: string) {}
  set(key: string, field: string, col: number, v: Cell, line: number | undefined, row: number): void {
    if (v == null || v.trim() === '') return;
    const k = `${key}\u0000${field}`;
    const before = this.values.get(k);
    if (!before) { this.values.set(k, { v, line }); return; }
    if (before.v.trim() !== v.trim()) {
      const where = before.line != null ? `line ${before.line}` : 'an earlier row';
      throw new ImportError(
        `${field} of ${this.what} "${key.split('\u0000').pop()}" differs between rows ("${before.v}" at ${where}, "${v}" here)`,
        { file: this.t.file, ...(line != null ? { line } : { row: row + 1 }), column: this.t.columns[col] },
      );
    }
  }
  get(key: string, field: string): string | null {
    return this.values.get(`${key}\u0000${field}`)?.v ?? null;
  }
  lineOf(key: string, field: string): number | undefined {
    return this.values.get(`${key}\u0000${field}`)?.line;
  }
}

export async function stageMapped(db: Db, req: ImportRequest, progress: (m: string) => void): Promise<StagedStudy> {
  return cleanOnFailure(db, async () => {
    const path = req.path;
    if (!isFile(path) || !MAPPED_EXTENSIONS.test(path)) {
      throw new ImportError('a column mapping applies to one .csv, .json, .jsonl or .parquet file', { file: path });
    }
    if (!req.map || !Object.keys(req.map).length) throw new ImportError('the mapped format needs a column mapping (--map COLUMN=field)', { file: path });
    progress(`Reading ${basename(path)}`);
    const t = await readTable(db, path);
    const p = plan(t, req.map);
    const f = (name: string) => p.field.get(name);
    const at = (k: number) => (t.lines[k] != null ? { line: t.lines[k] } : { row: k + 1 });

    // Typed fields are checked here so that errors name the source column.
    for (const [name, col] of p.field) {
      if (!INTEGER_FIELDS.has(name) && !NUMBER_FIELDS.has(name)) continue;
      t.rows.forEach((r, k) => {
        const v = r[col]?.trim();
        if (!v) return;
        const ok = INTEGER_FIELDS.has(name) ? /^[+-]?\d+(\.0*)?$/.test(v) : Number.isFinite(Number(v));
        if (!ok) {
          throw new ImportError(`"${v}" is not ${INTEGER_FIELDS.has(name) ? 'an integer' : 'a number'} (mapped to ${name})`,
            { file: t.file, ...at(k), column: t.columns[col] });
        }
      });
    }
    for (const [dim, col] of p.score) {
      t.rows.forEach((r, k) => {
        const v = r[col]?.trim();
        if (!v) return;
        if (!Number.isFinite(Number(v))) throw new ImportError(`"${v}" is not a number (mapped to score:${dim})`, { file: t.file, ...at(k), column: t.columns[col] });
        const { scaleMin: lo, scaleMax: hi } = p.options;
        if (Number(v) < lo || Number(v) > hi) {
          throw new ImportError(`score ${v} is outside the scale ${lo}-${hi} (mapped to score:${dim}; set the scale with --map option:scale=MIN-MAX)`,
            { file: t.file, ...at(k), column: t.columns[col] });
        }
      });
    }

    const convOrder: string[] = [];
    const convLine = new Map<string, number | undefined>();
    const conv = new Consistent(t, 'conversation');
    const part = new Consistent(t, 'participant');
    const scores = new Consistent(t, 'conversation');
    const partOrder: string[] = [];
    const partLine = new Map<string, number | undefined>();
    const raterOrder: string[] = [];
    const scoreKeys: { rater: string; conv: string; line?: number }[] = [];
    const scoreKeySeen = new Set<string>();
    const nextTurn = new Map<string, number>();
    const unknownRoles = new Map<string, number>();
    let firstUnknown: { k: number; v: string } | null = null;
    const msgRows: { values: Cell[]; line?: number }[] = [];
    const idCol = f('conversation_id')!;
    const roleCol = f('role')!;
    const convExtraCols = p.extra;
    const annCols = p.annotation;
    const roleOf = (v: string): string | null => {
      if (p.roles.has(v)) return p.roles.get(v)!;
      const trimmed = v.trim();
      for (const [from, to] of p.roles) if (from.trim().toLowerCase() === trimmed.toLowerCase()) return to;
      const l = trimmed.toLowerCase();
      return l === 'seeker' || l === 'supporter' ? l : null;
    };

    t.rows.forEach((r, k) => {
      const line = t.lines[k];
      const id = r[idCol]?.trim();
      if (!id) throw new ImportError('required value is empty (mapped to conversation_id)', { file: t.file, ...at(k), column: t.columns[idCol] });
      if (!convLine.has(id)) { convLine.set(id, line); convOrder.push(id); }
      for (const name of CONVERSATION_FIELDS) {
        const c = f(name);
        if (c !== undefined && name !== 'conversation_id') conv.set(id, name, c, r[c], line, k);
      }
      for (const c of convExtraCols) conv.set(id, `extra:${t.columns[c]}`, c, r[c], line, k);
      const pidCol = f('participant_id');
      const pid = pidCol !== undefined ? r[pidCol]?.trim() : undefined;
      if (pid) {
        if (!partLine.has(pid)) { partLine.set(pid, line); partOrder.push(pid); }
        for (const name of PARTICIPANT_FIELDS) {
          const c = f(name);
          if (c !== undefined) part.set(pid, name, c, r[c], line, k);
        }
      }
      if (p.score.size) {
        const raterCol = f('rater');
        const rater = raterCol !== undefined ? r[raterCol]?.trim() : p.options.scoreSet ?? stem(path);
        if (rater) {
          const key = `${rater}\u0000${id}`;
          let any = false;
          for (const [dim, c] of p.score) { scores.set(key, `score:${dim}`, c, r[c], line, k); if (r[c]?.trim()) any = true; }
          for (const [dim, c] of p.rationale) scores.set(key, `rationale:${dim}`, c, r[c], line, k);
          for (const [dim, c] of p.evidence) scores.set(key, `evidence:${dim}`, c, r[c], line, k);
          if (any && !scoreKeySeen.has(key)) {
            scoreKeySeen.add(key);
            scoreKeys.push({ rater, conv: id, line });
            if (!raterOrder.includes(rater)) raterOrder.push(rater);
          }
        }
      }
      const rawRole = r[roleCol] ?? '';
      const role = roleOf(rawRole);
      if (!role) {
        unknownRoles.set(rawRole, (unknownRoles.get(rawRole) ?? 0) + 1);
        firstUnknown ??= { k, v: rawRole };
      }
      const turnCol = f('turn');
      let turn: Cell;
      if (turnCol !== undefined) turn = r[turnCol];
      else { const n = nextTurn.get(id) ?? 0; nextTurn.set(id, n + 1); turn = String(n); }
      const sentCol = f('sent_at');
      msgRows.push({
        values: [id, turn == null ? null : String(turn).trim().replace(/\.0*$/, ''), role ?? rawRole, r[f('text')!]?.trim() ?? '', sentCol !== undefined ? r[sentCol] : null, ...annCols.map((c) => r[c])],
        line,
      });
    });
    if (unknownRoles.size) {
      const values = [...unknownRoles.keys()].map((v) => `"${v}"`).join(', ');
      const first = firstUnknown as unknown as { k: number; v: string };
      throw new ImportError(
        `unknown role "${first.v}" (values without a role: ${values}; map them with --map role:VALUE=seeker or role:VALUE=supporter)`,
        { file: t.file, ...at(first.k), column: t.columns[roleCol] },
      );
    }

    progress('Staging');
    const tables: Partial<Record<StudyTable, StagedTable>> = {};
    const convFields = CONVERSATION_FIELDS.filter((n) => n === 'conversation_id' || f(n) !== undefined);
    const extraNames = convExtraCols.map((c) => unreserved(t.columns[c], [...CONVERSATION_FIELDS]));
    tables.conversations = await stageRows(db, 'conversations', t.file, [...convFields, ...extraNames],
      convOrder.map((id) => ({
        values: [...convFields.map((n) => (n === 'conversation_id' ? id : conv.get(id, n))), ...convExtraCols.map((c) => conv.get(id, `extra:${t.columns[c]}`))],
        line: convLine.get(id),
      })));
    const annNames = annCols.map((c) => unreserved(t.columns[c], ['conversation_id', ...MESSAGE_FIELDS]));
    tables.messages = await stageRows(db, 'messages', t.file, ['conversation_id', 'turn', 'role', 'text', 'sent_at', ...annNames], msgRows);
    if (f('participant_id') !== undefined) {
      const pf = PARTICIPANT_FIELDS.filter((n) => f(n) !== undefined);
      tables.participants = await stageRows(db, 'participants', t.file, ['participant_id', ...pf],
        partOrder.map((pid) => ({ values: [pid, ...pf.map((n) => part.get(pid, n))], line: partLine.get(pid) })));
    }
    const scoreSets: Record<string, ScoreSetSpec> = {};
    if (scoreKeys.length) {
      const dims = [...p.score.keys()];
      const allKnown = dims.every((d) => (DIMENSIONS as readonly string[]).includes(d));
      for (const rater of raterOrder) {
        scoreSets[rater] = {
          kind: p.options.kind, scaleMin: p.options.scaleMin, scaleMax: p.options.scaleMax,
          ...(allKnown ? {} : { dimensions: dims }),
          provenance: { file: t.file, map: req.map },
        };
      }
      const rows: { values: Cell[]; line?: number }[] = [];
      for (const { rater, conv: id, line } of scoreKeys) {
        const key = `${rater}\u0000${id}`;
        for (const dim of dims) {
          const v = scores.get(key, `score:${dim}`);
          if (v == null) continue;
          rows.push({ values: [id, dim, v.trim(), rater, scores.get(key, `rationale:${dim}`), scores.get(key, `evidence:${dim}`)], line: scores.lineOf(key, `score:${dim}`) ?? line });
        }
      }
      tables.scores = await stageRows(db, 'scores', t.file, ['conversation_id', 'dimension', 'score', 'rater', 'rationale', 'evidence'], rows);
    }
    return {
      format: 'mapped',
      source: path,
      fingerprint: await fingerprintFiles([path]),
      tables,
      scoreSets,
      meta: { name: stem(path), source: path },
      skipped: [],
    };
  });
}

const unreserved = (k: string, reserved: string[]) => (reserved.includes(k) ? `source_${k}` : k);

export const mappedImporter: Importer = {
  format: 'mapped',
  detect: (path) => isFile(path) && MAPPED_EXTENSIONS.test(path),
  stage: (db, req, progress) => stageMapped(db, req, progress),
};
