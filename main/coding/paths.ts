// Codes addressed by path (`Affective/Validating emotions`), for imports: finds a code by its path
// (case-insensitive, as sibling names are unique that way) and creates the missing levels as row changes.
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { codeOp, DEFAULT_COLOR, newId, nowIso } from './codebook.js';
import { TREE_CTE } from './sql.js';
import type { Op } from './tables.js';

export interface CodeFields { color?: string | null; definition?: string; inclusion?: string; exclusion?: string; examples?: string[] }

export class PathIndex {
  readonly ops: Op[] = [];
  created = 0;
  private constructor(private readonly ids: Map<string, { id: string; color: string }>, private readonly nextPos: Map<string | null, number>) {}

  static async load(db: Db): Promise<PathIndex> {
    const rows = await db.all<{ code_id: string; parent_id: string | null; path: string; position: number; color: string }>(
      `WITH RECURSIVE ${TREE_CTE} SELECT t.code_id, t.parent_id, t.path, t.position, c.color FROM tree t JOIN coding_codes c USING (code_id)`);
    const next = new Map<string | null, number>();
    for (const r of rows) next.set(r.parent_id, Math.max(next.get(r.parent_id) ?? 0, r.position + 1));
    return new PathIndex(new Map(rows.map((r) => [r.path.toLowerCase(), { id: r.code_id, color: r.color }])), next);
  }

  find(path: string): string | null {
    return this.ids.get(normalise(path).toLowerCase())?.id ?? null;
  }

  /** The code at `path`, creating it and any missing ancestors; `fields` apply to a newly created last level only. */
  ensure(path: string, fields: CodeFields = {}): string {
    const parts = normalise(path).split('/');
    if (parts.some((p) => p === '')) throw new UserError(`"${path}" is not a code path (levels are separated by "/" and none may be empty)`, 'invalid-args');
    let parent: { id: string; color: string } | null = null as { id: string; color: string } | null;
    for (let i = 0; i < parts.length; i++) {
      const key = parts.slice(0, i + 1).join('/').toLowerCase();
      let hit = this.ids.get(key);
      if (!hit) {
        const last = i === parts.length - 1;
        const id = newId('code');
        const color: string = (last && fields.color) || parent?.color || DEFAULT_COLOR;
        const pos = this.nextPos.get(parent?.id ?? null) ?? 0;
        this.nextPos.set(parent?.id ?? null, pos + 1);
        this.ops.push(codeOp({
          code_id: id, parent_id: parent?.id ?? null, name: parts[i], color, definition: last ? fields.definition ?? '' : '',
          inclusion: last ? fields.inclusion ?? '' : '', exclusion: last ? fields.exclusion ?? '' : '', examples: JSON.stringify(last ? fields.examples ?? [] : []),
          position: pos, created_at: nowIso(),
        }));
        hit = { id, color };
        this.ids.set(key, hit);
        this.created++;
      }
      parent = hit;
    }
    return parent!.id;
  }
}

const normalise = (path: string) => path.trim().split('/').map((p) => p.trim()).join('/');
