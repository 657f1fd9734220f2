// Prompt templates, versioned in the workspace (judge_prompt_templates). Saving never edits a version: it adds
// the next one, so every run can say exactly which text it used (template id, version and content hash).

import { createHash } from 'node:crypto';
import type { Db } from '../db/workspace.js';
import type { PromptTemplate } from '../api/contract/index.js';
import { UserError } from '../domain/errors.js';
import { BUILTIN_TEMPLATES, DEFAULT_TEMPLATE_ID, TEMPLATE_PLACEHOLDERS, type TemplateKind } from './rubric.js';
import { DEFAULT_PRICES } from './prices.js';
import { isoOf, nowSql } from './time.js';

export function templateHash(kind: string, system: string, user: string): string {
  return createHash('sha256').update(JSON.stringify([kind, system, user])).digest('hex').slice(0, 16);
}

interface TemplateRow {
  template_id: string; version: number; kind: TemplateKind; name: string; system_prompt: string; user_prompt: string;
  note: string | null; content_hash: string; builtin: boolean; created_at: unknown;
}

function toTemplate(r: TemplateRow): PromptTemplate {
  return {
    templateId: r.template_id, version: r.version, kind: r.kind, name: r.name, system: r.system_prompt, user: r.user_prompt,
    note: r.note, hash: r.content_hash, builtin: r.builtin, createdAt: isoOf(r.created_at)!, placeholders: TEMPLATE_PLACEHOLDERS[r.kind],
  };
}

/** Built-in templates (v1) and the default price table, written once into the workspace. */
export async function ensureJudgeDefaults(db: Db): Promise<void> {
  const seeded = () => db.value<number>(`SELECT count(*) FROM judge_settings WHERE key = 'defaults_v1'`);
  if (await seeded()) return;
  await db.transaction(async () => {
    // Checked again inside: two first calls at once (the judge page loading templates while a run starts) both
    // passed the check above; transactions run one at a time, so the second finds the first's rows here.
    if (await seeded()) return;
    for (const t of BUILTIN_TEMPLATES) {
      const exists = await db.value<number>(`SELECT count(*) FROM judge_prompt_templates WHERE template_id = ?`, [t.templateId]);
      if (exists) continue;
      await db.run(`INSERT INTO judge_prompt_templates VALUES (?, 1, ?, ?, ?, ?, ?, ?, true, ${nowSql})`,
        [t.templateId, t.kind, t.name, t.system, t.user, t.note, templateHash(t.kind, t.system, t.user)]);
    }
    if (!(await db.value<number>(`SELECT count(*) FROM judge_prices`))) {
      for (const p of DEFAULT_PRICES) {
        await db.run(`INSERT INTO judge_prices VALUES (?, ?, ?, ?, ?, ?, ${nowSql})`,
          [p.model, p.inputPerMTok, p.outputPerMTok, p.cachedInputPerMTok, p.batchDiscount, p.note]);
      }
    }
    await db.run(`INSERT INTO judge_settings VALUES ('defaults_v1', 'true')`);
  });
}

export async function listTemplates(db: Db, kind?: TemplateKind): Promise<PromptTemplate[]> {
  await ensureJudgeDefaults(db);
  const rows = await db.all<TemplateRow>(
    `SELECT * FROM judge_prompt_templates ${kind ? 'WHERE kind = ?' : ''} ORDER BY kind, template_id, version DESC`,
    kind ? [kind] : []);
  return rows.map(toTemplate);
}

/** A template version; the latest version when none is given; the kind's built-in when no id is given. */
export async function getTemplate(db: Db, kind: TemplateKind, ref?: { templateId?: string; version?: number }): Promise<PromptTemplate> {
  await ensureJudgeDefaults(db);
  const id = ref?.templateId ?? DEFAULT_TEMPLATE_ID[kind];
  const row = ref?.version != null
    ? await db.one<TemplateRow>(`SELECT * FROM judge_prompt_templates WHERE template_id = ? AND version = ?`, [id, ref.version])
    : await db.one<TemplateRow>(`SELECT * FROM judge_prompt_templates WHERE template_id = ? ORDER BY version DESC LIMIT 1`, [id]);
  if (!row) throw new UserError(`No prompt template "${id}"${ref?.version != null ? ` version ${ref.version}` : ''}`, 'not-found');
  if (row.kind !== kind) throw new UserError(`Prompt template "${id}" is a ${row.kind} template, not ${kind}`);
  return toTemplate(row);
}

export async function saveTemplate(
  db: Db,
  t: { templateId: string; kind: TemplateKind; name?: string; system: string; user: string; note?: string },
): Promise<PromptTemplate> {
  await ensureJudgeDefaults(db);
  const id = t.templateId?.trim();
  if (!id || !/^[\w.-]{1,80}$/.test(id)) throw new UserError('Template id: 1-80 letters, digits, ".", "_" or "-"');
  if (!(t.kind in TEMPLATE_PLACEHOLDERS)) throw new UserError(`Unknown template kind "${t.kind}"`);
  const text = t.system + '\n' + t.user;
  const required = t.kind === 'pairwise' ? ['conversation_a', 'conversation_b'] : ['conversation'];
  for (const p of required) {
    if (!new RegExp(`\\{\\{\\s*${p}\\s*\\}\\}`).test(text)) throw new UserError(`A ${t.kind} template must contain {{${p}}}`);
  }
  if (t.kind === 'dimension' && !/\{\{\s*(dimension|dimension_label|dimension_definition)\s*\}\}/.test(text)) {
    throw new UserError('A dimension template must name the dimension: {{dimension_label}} and {{dimension_definition}}');
  }
  const hash = templateHash(t.kind, t.system, t.user);
  return db.transaction(async () => {
    const latest = await db.one<TemplateRow>(`SELECT * FROM judge_prompt_templates WHERE template_id = ? ORDER BY version DESC LIMIT 1`, [id]);
    if (latest && latest.kind !== t.kind) throw new UserError(`Template "${id}" is a ${latest.kind} template; use another id for a ${t.kind} template`);
    if (latest && latest.content_hash === hash && (t.name === undefined || t.name === latest.name)) return toTemplate(latest);
    const version = (latest?.version ?? 0) + 1;
    await db.run(`INSERT INTO judge_prompt_templates VALUES (?, ?, ?, ?, ?, ?, ?, ?, false, ${nowSql})`,
      [id, version, t.kind, t.name?.trim() || latest?.name || id, t.system, t.user, t.note ?? null, hash]);
    return toTemplate((await db.one<TemplateRow>(`SELECT * FROM judge_prompt_templates WHERE template_id = ? AND version = ?`, [id, version]))!);
  });
}
