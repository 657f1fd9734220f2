// The analysis API methods through the real handler table (Backend + App) on the hand-written tiny study
// (tests/helpers/tiny-study.ts): that a result comes back whole, and which failures reach the user as what.
// A failure the data causes must come back as a UserError with its code; a bug must not be dressed up as one
// (the old guard() turned every Error into 'analysis-failed').

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../main/api/app.js';
import { errorBody } from '../../main/api/errors.js';
import { SeparationError } from '../../main/analysis/index.js';
import { Backend } from '../../main/backend.js';
import { Workspace } from '../../main/db/workspace.js';
import { UserError } from '../../main/domain/errors.js';
import { registerAnalysisHandlers } from '../../main/handlers/analysis.js';
import { runImport } from '../../main/import/run-import.js';
import { AnalysisService, computeEffects, userFacing } from '../../main/services/analysis/index.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-analysis-api-');
let b: Backend;

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  b = new Backend({ home: tmp.path });
  const ws = await b.open(join(tmp.path, 'analysis.duckdb'));
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  // Two more score sets that share no conversation: participant 0's conversations and participant 1's, copied
  // from the imported set. Agreement between them has no item scored by both.
  const set = (await b.app.call('analysis-options', undefined)).scoreSets[0].id;
  for (const [id, participant] of [['left', 'p000'], ['right', 'p001']]) {
    await ws.db.run(`INSERT INTO score_sets VALUES ($1, $1, 'human', 1, 5, now(), NULL, NULL)`, [id]);
    await ws.db.run(
      `INSERT INTO scores SELECT $1, s.conversation_id, s.dimension, s.score, NULL, NULL, NULL FROM scores s
       JOIN conversations c USING (conversation_id) WHERE s.score_set_id = $2 AND c.participant_id = $3`,
      [id, set, participant],
    );
  }
}, 60_000);
afterAll(() => {
  b.close();
  tmp.cleanup();
});

/** The rejection of a call, for inspecting its class and code. */
async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

describe('analysis API (handlers over AnalysisService)', () => {
  it('analysis-options lists the study and its score sets', async () => {
    const o = await b.app.call('analysis-options', undefined);
    expect(o.study).toBe('Tiny test study');
    expect(o.conditions).toEqual(['control', 'video', 'coach', 'combined']);
    expect(o.rounds).toEqual([1, 2, 3]);
    expect(o.scoreSets.map((s) => s.id).sort()).toEqual(['left', 'right', o.scoreSets.find((s) => s.conversations === 36)!.id].sort());
  });

  it('analysis-effects: one clustered fit per dimension over 12 participants x 3 rounds, as computeEffects gives it', async () => {
    const r = await b.app.call('analysis-effects', {});
    expect(r.provenance).toMatchObject({ analysis: 'effects', study: 'Tiny test study', scoreSet: r.scoreSetId });
    expect(r.reference).toBe('control');
    expect(r.treatments).toEqual(['video', 'coach', 'combined']);
    expect([r.baselineRound, r.postRounds]).toEqual([1, [2, 3]]);
    expect(Object.keys(r.dimensions)).toHaveLength(6);
    expect(r.skipped).toEqual([]);
    for (const d of Object.values(r.dimensions)) {
      expect([d.n, d.clusters]).toEqual([36, 12]);
      expect(Object.keys(d.terms)).toEqual(expect.arrayContaining(['intercept', 'post', 'video:post', 'coach:post', 'combined:post']));
    }
    // The handler adds nothing: same numbers as the function the CLI and the figures call.
    expect(r).toEqual(await computeEffects(b.workspace.db, {}));
  });

  it('no args is the same as {} (transports send null or nothing)', async () => {
    const r = await b.app.call('analysis-contrasts', undefined);
    expect(r.tests).toBe(6 * 3);
  });

  it('an unknown condition is a bad request that names the valid ones', async () => {
    const e = await failure(b.app.call('analysis-effects', { conditions: ['control', 'placebo'] }));
    expect(e).toBeInstanceOf(UserError);
    expect(e).toMatchObject({ code: 'bad-request', message: expect.stringContaining('placebo') });
    expect(errorBody(e).status).toBe(400);
  });

  it('a score set that covers only some conditions is told once, in the study\'s terms, not as a singular design per dimension', async () => {
    const e = await failure(b.app.call('analysis-effects', { scoreSetId: 'left' }));
    expect(e).toMatchObject({ code: 'analysis-failed' });
    const message = (e as Error).message;
    expect(message).toMatch(/^No conversations of conditions video, coach, combined in score set left at rounds 1, 2, 3: choose the conditions it covers$/);
    expect(message).not.toMatch(/singular|design|linear combination/);
  });

  it("an engine data error (no conversation scored by both sides) is a UserError 'analysis-failed' with the engine's message", async () => {
    const e = await failure(b.app.call('analysis-agreement', { a: 'left', b: 'right' }));
    expect(e).toBeInstanceOf(UserError);
    expect(e).toMatchObject({ code: 'analysis-failed', message: expect.stringMatching(/no items scored by both raters/) });
    expect(errorBody(e)).toMatchObject({ status: 400, body: { code: 'analysis-failed' } });
  });

  it('a bug is not shown as a problem with the data: a query the schema no longer fits stays an internal error', async () => {
    // The code expects study_meta.value; a workspace whose schema disagrees is a programming error, not the user's.
    const ws = await Workspace.open(':memory:');
    try {
      await ws.db.run('ALTER TABLE study_meta RENAME COLUMN value TO v');
      const app = new App();
      registerAnalysisHandlers(app, new AnalysisService({ db: () => ws.db }));
      const e = await failure(app.call('analysis-options', undefined));
      expect(e).toBeInstanceOf(Error);
      expect(e).not.toBeInstanceOf(UserError);
      expect(errorBody(e)).toMatchObject({ status: 500, body: { code: 'internal' } });
    } finally {
      ws.close();
    }
  });

  it('userFacing() turns only the engine data errors into user errors', () => {
    const sep = new SeparationError('logistic regression: the outcome is always 1; nothing to model', []);
    expect(userFacing(sep)).toMatchObject({ name: 'UserError', code: 'analysis-failed', message: sep.message, cause: sep });
    const bug = new Error('x has 3 entries but y has 4');
    expect(userFacing(bug)).toBe(bug);
    const user = new UserError('No study is open', 'no-study');
    expect(userFacing(user)).toBe(user);
  });

  it('with no study open the answer is no-study, not an analysis failure', async () => {
    const fresh = new Backend({ home: tmp.path });
    try {
      const e = await failure(fresh.app.call('analysis-effects', {}));
      expect(e).toMatchObject({ name: 'UserError', code: 'no-study' });
    } finally {
      fresh.close();
    }
  });
});
