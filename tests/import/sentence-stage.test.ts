// The sentence split gives the same units whether Intl-bound messages go to worker threads or stay on the
// main thread, and keeps the messages' order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SENTENCES_FROM_UNITS, startSentenceSplit, writeUnits } from '../../main/import/sentence-stage.js';
import { splitSentences } from '../../main/text/sentences.js';
import { tempWorkspace, type TempWorkspace } from './helpers.js';

const TEXTS = [
  'I hear you. That sounds really hard!', 'Café first? Then we talk… okay.', 'Ça va? Je comprends. Merci.',
  '“Quoted” sentences — with dashes. And more.', 'No end', 'Emoji 😊 here. Another one 🙏 there!', '   ',
  'Line one\nLine two. Done.', 'Mr. Smith said hi. Ok.', 'Zürich is far. Really far?',
];

describe('sentence split of staged messages', () => {
  let t: TempWorkspace;
  beforeAll(async () => {
    t = await tempWorkspace();
    await t.ws.db.run(`CREATE TEMP TABLE stage_messages (conversation_id VARCHAR, turn VARCHAR, role VARCHAR, text VARCHAR)`);
    const rows: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const text = TEXTS[i % TEXTS.length].replaceAll("'", "''");
      rows.push(`('c${Math.floor(i / 10)}', '${i % 10}', '${i % 3 ? 'supporter' : 'seeker'}', '${text} #${i}.')`);
    }
    await t.ws.db.run(`INSERT INTO stage_messages VALUES ${rows.join(', ')}`);
  });
  afterAll(() => t.close());

  const units = async (slowForWorkers: number) => {
    const n = await t.ws.db.transaction(async () => {
      await t.ws.db.run('DELETE FROM sentences');
      const split = await startSentenceSplit(t.ws.db, () => {}, () => {}, { slowForWorkers });
      const n = await writeUnits(t.ws.db, await split.done);
      await t.ws.db.run(SENTENCES_FROM_UNITS, ['imp-test']);
      return n;
    });
    const rows = await t.ws.db.all<{ c: string; t: number; i: number; x: string }>(
      `SELECT conversation_id AS c, turn AS t, sentence_index AS i, text AS x FROM sentences ORDER BY rowid`);
    expect(rows.length).toBe(n);
    return rows;
  };

  it('is the same with worker threads as on the main thread, in message order', async () => {
    const local = await units(Number.POSITIVE_INFINITY);
    const pooled = await units(7);
    expect(pooled).toEqual(local);
    const expected: { c: string; t: number; i: number; x: string }[] = [];
    for (let i = 0; i < 6000; i++) {
      if (i % 3 === 0) continue;
      const parts = splitSentences(`${TEXTS[i % TEXTS.length]} #${i}.`);
      parts.forEach((x, k) => expected.push({ c: `c${Math.floor(i / 10)}`, t: i % 10, i: k, x }));
    }
    expect(local).toEqual(expected);
  }, 120_000);
});
