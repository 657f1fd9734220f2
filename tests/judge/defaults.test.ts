// The judge's built-in templates and prices are written into a workspace the first time anything asks for them.
// Two first calls at once (the judge page listing templates while a run starts) once both wrote them: a primary-key
// error on 'defaults_v1' failed the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { BUILTIN_TEMPLATES } from '../../main/judge/rubric.js';
import { ensureJudgeDefaults, listTemplates } from '../../main/judge/templates.js';

const dir = mkdtempSync(join(tmpdir(), 'judge-defaults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('judge defaults', () => {
  it('are written once when several first calls come at the same time', async () => {
    const ws = await Workspace.open(join(dir, 'w.duckdb'));
    try {
      await Promise.all([ensureJudgeDefaults(ws.db), listTemplates(ws.db), ensureJudgeDefaults(ws.db), listTemplates(ws.db, 'scores')]);
      expect(await ws.db.value<number>(`SELECT count(*)::INTEGER FROM judge_settings WHERE key = 'defaults_v1'`)).toBe(1);
      expect((await listTemplates(ws.db)).filter((t) => t.builtin)).toHaveLength(BUILTIN_TEMPLATES.length);
    } finally {
      ws.close();
    }
  });
});
