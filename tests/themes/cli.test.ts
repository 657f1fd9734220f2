// `workbench themes train|export` as a user runs them: the real bin/workbench.js in a child process over a
// workspace file with an offline embedding set.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { themesBackend } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
let h: Awaited<ReturnType<typeof themesBackend>>;
let units = 0;
beforeAll(async () => {
  h = await themesBackend('workbench-themes-cli-');
  units = Number(await h.b.workspace.db.value('SELECT count(*) FROM sentences'));
  h.b.close(); // the CLI opens the file itself
}, 120_000);
afterAll(() => h?.tmp.cleanup());

const cli = (...args: string[]) => execFileSync(process.execPath, [join(ROOT, 'bin', 'workbench.js'), 'themes', ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('workbench themes', () => {
  it('train --json prints the models; export writes one row per sentence unit with its top 2', () => {
    const out = JSON.parse(cli('train', '--db', h.dbPath, '--embeddings', h.embeddingSetId, '--latents', '4,6', '--k', '2', '--seed', '2', '--scenario-type', 'all', '--max-epochs', '3', '--json'));
    expect(out.models).toHaveLength(2);
    expect(out.models.map((m: { latents: number }) => m.latents)).toEqual([4, 6]);
    for (const m of out.models) {
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['id', 'latents', 'k', 'silhouette', 'silhouetteTop2', 'loss', 'deadLatents']));
      expect(m.k).toBe(2);
      expect(typeof m.silhouette).toBe('number');
      expect(typeof m.silhouetteTop2).toBe('number');
      expect(m.loss).toBeGreaterThan(0);
    }
    const file = join(h.tmp.path, 'themes.csv');
    cli('export', '--db', h.dbPath, '--model', out.models[0].id, '--out', file, '--quiet');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('conversation_id,turn,sentence_index,text,top1,top2,activation1,activation2');
    expect(lines).toHaveLength(units + 1);
    const first = lines[1].split(',');
    const [top1, top2] = [Number(first.at(-4)), Number(first.at(-3))];
    expect(top1).toBeGreaterThanOrEqual(0);
    expect(top1).toBeLessThan(4);
    expect(top2).not.toBe(top1);
    expect(Number(first.at(-2))).toBeGreaterThanOrEqual(Number(first.at(-1)));
  }, 120_000);

  it('refuses an unknown embedding set with exit code 1 and a message', () => {
    let status = 0;
    let stderr = '';
    try {
      cli('train', '--db', h.dbPath, '--embeddings', 'emb-nope', '--latents', '4');
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = String((e as { stderr: string }).stderr);
    }
    expect(status).toBe(1);
    expect(stderr).toMatch(/emb-nope/);
  }, 60_000);
});
