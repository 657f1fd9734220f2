// A theme model written straight into the migration-4 tables of a real DuckDB file, and a scripted
// OpenAI-compatible server that writes descriptions and Yes/No labels by plain rules the tests can recompute.
//
// Sentences: n units; unit i has top-1 latent i % 4 and top-2 latent (i + 1) % 4 (so each latent fires on half of
// them). Unit i's text carries the marker word of its top-1 latent unless i % 10 = 0, and also the marker of latent
// (i + 2) % 4 when i % 7 = 0 (a zero-activation sentence that looks like a positive): labels are imperfect on purpose.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { Workspace } from '../../main/db/workspace.js';
import { JobRunner } from '../../main/jobs/runner.js';
import { ThemeDescriptionService } from '../../main/themes/descriptions.js';
import { keyOrigin, type KeyProvider } from '../../main/judge/keys.js';
import type { RecordedRequest } from '../judge/openai-test-server.js';

export const MARKERS = ['feeling', 'resume', 'sorry', 'tell'];
export const MODEL_ID = 'ksae-test-m4';
export const LATENTS = 6; // latents 4 and 5 never fire (dead)

export interface Unit { key: string; text: string; latents: number[]; activations: number[] }

export function fixtureUnits(n: number): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < n; i++) {
    const top1 = i % 4;
    const words = [`unit ${i} says`];
    if (i % 10 !== 0) words.push(MARKERS[top1]);
    if (i % 7 === 0) words.push(MARKERS[(i + 2) % 4]);
    out.push({
      key: `c${String(Math.floor(i / 5)).padStart(3, '0')}|1|${i % 5}`,
      text: words.join(' ') + '.',
      latents: [top1, (i + 1) % 4],
      activations: [1 + ((i * 37) % 100) / 100, 0.05 + ((i * 13) % 40) / 100],
    });
  }
  return out;
}

export async function insertModel(ws: Workspace, units: Unit[], modelId = MODEL_ID): Promise<void> {
  await ws.db.transaction(async () => {
    await ws.db.run(`INSERT INTO theme_models (model_id, embedding_set_id, latents, k, seed, scenario_type, state, params, created_at, updated_at)
                     VALUES (?, 'emb-test', ?, 2, 1, 'all', 'done', '{}', now(), now())`, [modelId, LATENTS]);
    for (const u of units) {
      const [c, t, s] = u.key.split('|');
      await ws.db.run(`INSERT INTO sentences VALUES (?, ?, ?, ?, 'test')`, [c, Number(t), Number(s), u.text]);
      for (let r = 0; r < 2; r++) {
        await ws.db.run(`INSERT INTO theme_activations VALUES (?, ?, ?, ?, ?, ?, ?)`, [modelId, c, Number(t), Number(s), r + 1, u.latents[r], u.activations[r]]);
      }
    }
  });
}

export const KEY = 'sk-test-describe-secret-0123456789';

/** The key, bound to 127.0.0.1 on any port (each test server's port is chosen by the OS). */
export const loopbackKey: KeyProvider = { source: 'test', getKey: async (u) => (keyOrigin(u)?.startsWith('http://127.0.0.1:') ? KEY : null) };

export interface Harness { dir: string; path: string; ws: Workspace; jobs: JobRunner; svc: ThemeDescriptionService; units: Unit[]; close(): void }

export async function harness(n = 240, keys: KeyProvider = loopbackKey): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'describe-test-'));
  const path = join(dir, 'study.duckdb');
  const ws = await Workspace.open(path);
  const units = fixtureUnits(n);
  await insertModel(ws, units);
  const jobs = new JobRunner(() => {});
  const svc = new ThemeDescriptionService({ workspace: () => ws, jobs, keys: () => keys });
  return {
    dir, path, ws, jobs, svc, units,
    close() {
      try { ws.close(); } catch { /* closed */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const isDescribeRequest = (r: RecordedRequest) => /latent feature of a sparse autoencoder/.test(r.body?.messages?.[0]?.content ?? '');
export const isLabelRequest = (r: RecordedRequest) => /Check whether the TEXT satisfies a PROPERTY/.test(r.body?.messages?.[0]?.content ?? '');

/** Which of three description styles the scripted model writes for a prompt: fixed by the prompt's hash. */
export function styleOf(user: string): 0 | 1 | 2 {
  return (createHash('sha256').update(user).digest().readUInt32BE(0) % 3) as 0 | 1 | 2;
}

/** The scripted description: the positives' most common marker (style 0), a word nothing has (1), or everything (2). */
export function scriptedDescription(user: string, styles = true): string {
  const pos = /POSITIVE SAMPLES:\n-+\n([\s\S]*?)\n-+\n/.exec(user)?.[1] ?? '';
  const counts = MARKERS.map((m) => pos.split(m).length - 1);
  const top = MARKERS[counts.indexOf(Math.max(...counts))];
  const style = styles ? styleOf(user) : 0;
  return style === 0 ? `- "mentions the word ${top}"` : style === 1 ? 'mentions the word zebra.' : 'any sentence at all';
}

/** The scripted labeller: Yes when the TEXT has the PROPERTY's last word, always Yes for "any sentence at all". */
export function scriptedLabel(property: string, text: string): boolean {
  if (property === 'any sentence at all') return true;
  const word = property.split(' ').pop()!;
  return text.split(/[\s.]+/).includes(word);
}

export function parseLabelPrompt(user: string): { property: string; text: string } {
  const m = /^PROPERTY: "(.*)"\nTEXT: "(.*)"\n/.exec(user);
  if (!m) throw new Error(`not a label prompt: ${user.slice(0, 80)}`);
  return { property: m[1], text: m[2] };
}

/** The server's answer hook: scripted descriptions and labels. */
export function scriptedAnswers(styles = true) {
  return (r: RecordedRequest): string | undefined => {
    const user = r.conversation ?? '';
    if (isDescribeRequest(r)) return scriptedDescription(user, styles);
    if (isLabelRequest(r)) {
      const { property, text } = parseLabelPrompt(user);
      return scriptedLabel(property, text) ? 'Yes' : 'No.';
    }
    return undefined;
  };
}

export const FAST = { concurrency: 4, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 2000 };
