// Coding imports and exports as jobs, on the tiny study: progress as they run, the result of a finished job, and
// all or nothing. A cancel that arrives inside the import's transaction (after its rows and event were written,
// before the commit) and an import that fails on a bad row both leave the codebook, assignments, event log and
// labellings as they were; a cancelled export writes no file. Through a real Backend (API) and a CodingService
// with a recording JobRunner.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../main/api/contract/index.js';
import { CodingService } from '../../main/coding/service.js';
import { JobRunner } from '../../main/jobs/runner.js';
import { codingFixture, supporterSentences, type CodingFixture, type Key } from './helpers.js';

let f: CodingFixture;
let s: (Key & { text: string })[];
const seen: JobInfo[] = [];
let onEmit: (info: JobInfo) => void = () => {};
let onCommit: () => void = () => {};
let jobs: JobRunner;
let svc: CodingService;

/** Everything an import could change, to compare before and after. */
const snapshot = async () => Promise.all([
  f.db.value<number>(`SELECT count(*) FROM coding_codes`), f.db.value<number>(`SELECT count(*) FROM coding_assignments`),
  f.db.value<number>(`SELECT count(*) FROM coding_events`), f.db.value<number>(`SELECT count(*) FROM sentence_labels WHERE labelling LIKE 'coding:%'`),
]);

/** A segments CSV coding every supporter sentence `times` times over with `codes` distinct leaf codes. */
function segmentsCsv(name: string, codes: number, bad?: number): string {
  const rows = s.map((k, i) => `${k.conversationId},${i === bad ? 'x' : k.turn},${k.sentenceIndex},Imported/Code ${i % codes}`);
  const path = join(f.dir, name);
  writeFileSync(path, ['conversation_id,turn,sentence_index,code', ...rows].join('\n') + '\n');
  return path;
}

beforeAll(async () => {
  f = await codingFixture('coding-jobs');
  s = await supporterSentences(f.db);
  jobs = new JobRunner((info) => { seen.push(info); onEmit(info); });
  svc = new CodingService({ workspace: () => f.b.workspace, jobs, hooks: { beforeCommit: () => onCommit() } });
}, 120_000);
afterAll(() => f.cleanup());

describe('coding imports and exports as jobs', () => {
  it('imports coded segments through the API as a job, with its result', async () => {
    const path = segmentsCsv('api.csv', 3);
    const { jobId } = await f.b.app.call('coding-import-start', { coder: 'ann', what: 'segments-csv', path });
    const done = await f.b.app.call('job-wait', { id: jobId });
    expect(done).toMatchObject({ state: 'done', kind: 'coding-import', result: { assignments: s.length, codesCreated: 4 } });
    expect(await f.db.value(`SELECT count(*) FROM coding_assignments WHERE coder = 'ann'`)).toBe(s.length);
    await expect(f.b.app.call('coding-import-start', { coder: 'ann', what: 'json' })).rejects.toMatchObject({ code: 'invalid-args' });
    const missing = await f.b.app.call('job-wait', { id: (await f.b.app.call('coding-import-start', { coder: 'ann', what: 'json', path: join(f.dir, 'nope.json') })).jobId });
    expect(missing.state).toBe('failed');
    expect(missing.error).toBe('Cannot read nope.json (ENOENT)');
  });

  it('reports progress while importing, and a cancel inside the transaction leaves nothing', async () => {
    const path = segmentsCsv('cancel.csv', 5);
    const before = await snapshot();
    let id = '';
    onCommit = () => { jobs.cancel(id); };
    id = (await svc.startImport({ coder: 'bob', what: 'segments-csv', path })).jobId;
    const info = await jobs.wait(id);
    onCommit = () => {};
    expect(info.state).toBe('cancelled');
    expect(await snapshot()).toEqual(before);
    const mine = seen.filter((x) => x.id === id);
    expect(mine.map((x) => x.message)).toContain('Saving');
    expect(mine.find((x) => x.message === 'Saving')).toMatchObject({ done: s.length, total: s.length });
    // The same file imports when nobody cancels.
    const again = await jobs.wait((await svc.startImport({ coder: 'bob', what: 'segments-csv', path })).jobId);
    expect(again).toMatchObject({ state: 'done', result: { assignments: s.length, codesCreated: 2 } });
  });

  it('a failed import names the row and leaves nothing', async () => {
    const before = await snapshot();
    const info = await jobs.wait((await svc.startImport({ coder: 'carl', what: 'segments-csv', path: segmentsCsv('bad.csv', 7, 5) })).jobId);
    expect(info.state).toBe('failed');
    expect(info.error).toContain('bad.csv: line 7, column turn: "x" is not a whole number');
    expect(await snapshot()).toEqual(before);
  });

  it('imports a codebook from content, cancelled or not', async () => {
    const content = JSON.stringify({ codes: [{ path: 'From JSON/One' }, { path: 'From JSON/Two', color: '#123456' }] });
    const before = await snapshot();
    let id = '';
    onCommit = () => { jobs.cancel(id); };
    id = (await svc.startImport({ coder: 'ann', what: 'json', content })).jobId;
    expect((await jobs.wait(id)).state).toBe('cancelled');
    onCommit = () => {};
    expect(await snapshot()).toEqual(before);
    expect(await jobs.wait((await svc.startImport({ coder: 'ann', what: 'json', content })).jobId)).toMatchObject({ state: 'done', result: { created: 3, existing: 0 } });
  });

  it('exports .qdpx and segments as jobs; a cancelled export writes no file', async () => {
    const out = join(f.dir, 'project.qdpx');
    const { jobId } = await f.b.app.call('coding-export-start', { what: 'qdpx', path: out });
    const done = await f.b.app.call('job-wait', { id: jobId });
    expect(done).toMatchObject({ state: 'done', kind: 'coding-export', result: { format: 'qdpx', path: out, bytes: statSync(out).size } });
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    const seg = join(f.dir, 'segments.csv');
    const r = await f.b.app.call('job-wait', { id: (await f.b.app.call('coding-export-start', { what: 'segments-csv', path: seg, coders: ['bob'] })).jobId });
    expect(r.state).toBe('done');
    expect(readFileSync(seg, 'utf8').trim().split('\n')).toHaveLength(s.length + 1);
    // Cancelled while collecting (the first progress report): nothing is written.
    const never = join(f.dir, 'never.qdpx');
    let id = '';
    onEmit = (info) => { if (info.id === id && info.message.startsWith('Collecting')) jobs.cancel(id); };
    id = (await svc.startExport({ what: 'qdpx', path: never })).jobId;
    expect((await jobs.wait(id)).state).toBe('cancelled');
    onEmit = () => {};
    expect(existsSync(never)).toBe(false);
  });
});
