// The projection job's preview during the read (main/map/run.ts, loadWithPreview): a large set's first rows go to the
// layout's worker while the rest is read, and their picture is the first frame's picture (initial.ts) of those rows.
// Real workspace file, real worker threads; the size threshold is lowered so a small set counts as large.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { createVectorTable, finishSet, insertSet } from '../../main/embeddings/store.js';
import { RUN_DEFAULTS, loadWithPreview } from '../../main/map/run.js';
import { UmapHandle } from '../../workers/umap/handle.js';
import { initialLayout } from '../../workers/umap/initial.js';
import { clusteredUnitVectors } from '../umap/clustered.js';

const { x, n, d } = clusteredUnitVectors(5000, 16, 5, 21);
let dir: string, ws: Workspace, setId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'workbench-map-preview-'));
  ws = await Workspace.open(join(dir, 'w.duckdb'));
  const set = await insertSet(ws.db, { provider: 'import', model: 'test', dimensions: d, params: {} });
  setId = set.id;
  await ws.db.transaction(async () => {
    const table = await createVectorTable(ws.db, set.tableNo, d);
    const ids = Array.from({ length: n }, (_, i) => `c${String(i).padStart(5, '0')}`);
    await ws.db.appendVectors(table, { conversationIds: ids, turns: new Int32Array(n), sentenceIndex: new Int32Array(n) }, x, d);
    await finishSet(ws.db, set.id, d, n, 'test');
  });
}, 60_000);
afterAll(() => {
  ws?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('loadWithPreview', () => {
  it('hands a large set\'s first rows to the worker during the read and brings back their picture', async () => {
    const threshold = RUN_DEFAULTS.samplePreviewFromFloats;
    RUN_DEFAULTS.samplePreviewFromFloats = n * d;
    const threads = UmapHandle.spawn(1);
    try {
      const previews: Float32Array[] = [];
      const { matrix, preview } = await loadWithPreview(ws.db, setId, threads, 7, (p) => previews.push(p));
      expect(matrix.n).toBe(n);
      expect(Array.from(matrix.data)).toEqual(Array.from(x));
      await preview;
      expect(previews).toHaveLength(1);
      const m = RUN_DEFAULTS.previewRows;
      expect(m).toBeLessThan(n);
      expect(Array.from(previews[0])).toEqual(Array.from(initialLayout(x.slice(0, m * d), m, d, 7)));
    } finally {
      RUN_DEFAULTS.samplePreviewFromFloats = threshold;
      await threads.terminate();
    }
  });

  it('sends none for a set under the threshold, or when a frame of the whole set came first', async () => {
    const threads = UmapHandle.spawn(1);
    try {
      const previews: Float32Array[] = [];
      const small = await loadWithPreview(ws.db, setId, threads, 7, (p) => previews.push(p));
      await small.preview;
      expect(n * d).toBeLessThan(RUN_DEFAULTS.samplePreviewFromFloats);
      expect(previews).toHaveLength(0);
      const threshold = RUN_DEFAULTS.samplePreviewFromFloats;
      RUN_DEFAULTS.samplePreviewFromFloats = n * d;
      try {
        const late = await loadWithPreview(ws.db, setId, threads, 7, (p) => previews.push(p), () => true);
        await late.preview;
      } finally {
        RUN_DEFAULTS.samplePreviewFromFloats = threshold;
      }
      expect(previews).toHaveLength(0);
    } finally {
      await threads.terminate();
    }
  });
});
