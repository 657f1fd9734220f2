import { afterAll, describe, expect, it } from 'vitest';
import { splitSentences } from '../main/text/sentences.js';
import { WorkerPool } from './rpc.js';
import type { SentencesWorker } from './sentences.worker.js';

describe('worker RPC', () => {
  const pool = new WorkerPool<SentencesWorker>('sentences', 2);
  afterAll(() => pool.terminate());

  it('splits in worker threads exactly as on the main thread, returning counts as a transferred Int32Array', async () => {
    const texts = ['Hello there. How are you?', 'ok', 'x', 'Wow!! That is great... Really?', ''];
    const results = await Promise.all([pool.call('split', [texts]), pool.call('split', [texts.slice(2)])]);
    const { counts, units } = results[0];
    expect(counts).toBeInstanceOf(Int32Array);
    expect(Array.from(counts)).toEqual(texts.map((t) => splitSentences(t).length));
    expect(units).toEqual(texts.flatMap(splitSentences));
    expect(results[1].units).toEqual(texts.slice(2).flatMap(splitSentences));
  });

  it('rejects a call to a method the worker does not have', async () => {
    await expect(pool.call('nope' as 'split', [[]])).rejects.toThrow(/no method nope/);
  });
});
