import { describe, expect, it } from 'vitest';
import { loadGemm } from '../../workers/ksae/gemm.js';
import { UmapHandle } from '../../workers/umap/handle.js';
import { initialLayout } from '../../workers/umap/initial.js';
import { exactKnn } from '../../workers/umap/knn.js';
import { UmapLayout } from '../../workers/umap/layout.js';
import { neighbourhoodPreservation } from '../../workers/umap/quality.js';
import { clusteredUnitVectors } from './clustered.js';

describe('UMAP worker handle', () => {
  it('streams the same positions as the in-process layout, moving the matrix in and the frames out', async () => {
    const { x, n, d } = clusteredUnitVectors(400, 12, 4, 8);
    const copy = x.slice();
    let first: Float32Array | null = null;
    const handle = await UmapHandle.create(x, n, d, { layout: { nEpochs: 30, seed: 5 } }, { onInitial: (p) => { first = p; } });
    try {
      // The first frame is the quick picture the layout then starts from (init 'pca').
      const initial = initialLayout(copy, n, d, 5);
      expect(Array.from(first!)).toEqual(Array.from(initial));
      expect(x.length).toBe(0); // the buffer moved
      expect(handle.nEpochs).toBe(30);
      const gemm = await loadGemm();
      expect(handle.kernel).toBe(gemm.kind);
      expect(handle.prepared.knn).toBe('exact'); // 400 points: searched exactly under 'auto'
      const local = UmapLayout.create(await exactKnn(copy, n, d, 15, { gemm }), { nEpochs: 30, seed: 5, initial });
      const frames = [];
      for (let f = await handle.step(10); ; f = await handle.step(10)) {
        local.step(10);
        expect(f.positions).toBeInstanceOf(Float32Array);
        expect(Array.from(f.positions)).toEqual(Array.from(local.positions));
        frames.push(f.epoch);
        if (f.done) break;
      }
      expect(frames).toEqual([10, 20, 30]);
      expect(await handle.preservation()).toBeCloseTo(await neighbourhoodPreservation(copy, n, d, local.positions), 10);
      await gemm.release();
    } finally {
      await handle.destroy();
    }
  });

  it('reports a bad request from the worker as an error naming the option', async () => {
    await expect(UmapHandle.create(new Float32Array(4), 2, 2, { layout: { nEpochs: -1 } })).rejects.toThrow(/invalid nEpochs: -1/);
  });

  it('runs on threads spawned before the data (as the job does during its read): same frames, both ended on failure', async () => {
    const { x, n, d } = clusteredUnitVectors(300, 8, 3, 9);
    const frames = async (threads?: ReturnType<typeof UmapHandle.spawn>) => {
      const handle = await UmapHandle.create(x.slice(), n, d, { layout: { nEpochs: 20, seed: 3, threads: 2 } }, { threads });
      try {
        return Array.from((await handle.step(20)).positions);
      } finally {
        await handle.destroy();
      }
    };
    expect(await frames(UmapHandle.spawn(2))).toEqual(await frames());
    const spawned = UmapHandle.spawn(2);
    await expect(UmapHandle.create(new Float32Array(4), 2, 2, { layout: { nEpochs: -1 } }, { threads: spawned })).rejects.toThrow(/invalid nEpochs/);
    // Both threads have exited already: ending a running worker resolves with its exit code, an ended one with nothing.
    expect(await spawned.main.terminate()).toBeUndefined();
    expect(await spawned.helper!.terminate()).toBeUndefined();
    const live = UmapHandle.spawn(1).main;
    expect(typeof (await live.terminate())).toBe('number');
  }, 120_000);
});
