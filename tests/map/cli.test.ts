// `workbench project` as a user runs it, end to end on the simulated demo study: the real bin/workbench.js in child
// processes makes the demo (scale 0.1), an offline embedding set, a projection (--json shape) and its CSV export.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tiny-study.js';

const ROOT = join(import.meta.dirname, '..', '..');
const tmp = tempDir('workbench-map-cli-');
const dbPath = join(tmp.path, 'demo.duckdb');
let embeddingSetId = '';
let sentences = 0;
afterAll(() => tmp.cleanup());

const workbench = (...args: string[]) => execFileSync(process.execPath, [join(ROOT, 'bin', 'workbench.js'), ...args],
  { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  workbench('demo', '--db', dbPath, '--scale', '0.1');
  const set = JSON.parse(workbench('embed', '--db', dbPath, '--provider', 'offline', '--dimensions', '64', '--json', '--quiet'));
  embeddingSetId = set.id;
  sentences = set.sentences;
}, 240_000);

describe('workbench project', () => {
  it('--json prints id, points, seconds, neighborhoodPreservation and params; export writes one row per point', () => {
    const out = JSON.parse(workbench('project', '--db', dbPath, '--embeddings', embeddingSetId, '--pca', '16', '--neighbors', '10',
      '--min-dist', '0.2', '--epochs', '30', '--seed', '5', '--json', '--quiet'));
    expect(Object.keys(out)).toEqual(['id', 'points', 'seconds', 'neighborhoodPreservation', 'params']);
    expect(out.points).toBe(sentences);
    expect(out.points).toBeGreaterThan(100);
    expect(out.seconds).toBeGreaterThan(0);
    expect(out.neighborhoodPreservation).toBeGreaterThan(0);
    expect(out.params).toEqual({ pca: 16, neighbors: 10, minDist: 0.2, metric: 'cosine', epochs: 30, seed: 5 });
    const file = join(tmp.path, 'points.csv');
    workbench('project', 'export', '--db', dbPath, '--projection', out.id, '--out', file, '--quiet');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('conversation_id,turn,sentence_index,x,y');
    expect(lines).toHaveLength(sentences + 1);
    const [, turn, sentence, x, y] = lines[1].split(',');
    expect(Number.isInteger(Number(turn)) && Number.isInteger(Number(sentence))).toBe(true);
    expect(Number.isFinite(Number(x)) && Number.isFinite(Number(y))).toBe(true);
    const list = JSON.parse(workbench('project', 'list', '--db', dbPath, '--json'));
    expect(list.map((p: { id: string }) => p.id)).toContain(out.id);
  }, 180_000);

  it('exits 1 with a message for an unknown embedding set, 2 for a bad flag', () => {
    const run = (...args: string[]) => {
      try {
        workbench('project', '--db', dbPath, ...args);
        return { status: 0, stderr: '' };
      } catch (e) {
        const err = e as { status: number; stderr: string };
        return { status: err.status, stderr: err.stderr };
      }
    };
    const unknown = run('--embeddings', 'emb-nope');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No embedding set with id emb-nope');
    expect(run('--embeddings', embeddingSetId, '--engine', 'tsne').status).toBe(2);
    expect(run('--surprise').status).toBe(2);
  }, 300_000);
});
