// The event log: undo/redo per coder that survives closing the workspace, a refused undo after someone else's
// edit, the tables equal to a replay of the log, and all-or-nothing edits (a fault inside the transaction, and a
// process killed while it appends events).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { rebuildFromLog } from '../../main/coding/events.js';
import { refreshDerived } from '../../main/coding/derived.js';
import { CodingService } from '../../main/coding/service.js';
import { CODING_TABLES } from '../../main/coding/tables.js';
import type { Db } from '../../main/db/workspace.js';
import { Workspace } from '../../main/db/workspace.js';
import { codingFixture, supporterSentences, type CodingFixture } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
let f: CodingFixture;
beforeAll(async () => {
  f = await codingFixture('coding-events');
}, 120_000);
afterAll(() => f.cleanup());

async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of CODING_TABLES) out[t] = await db.all(`SELECT * FROM ${t} ORDER BY ALL`);
  out.labels = await db.all(`SELECT * FROM sentence_labels WHERE labelling LIKE 'coding:%' ORDER BY ALL`);
  out.scores = await db.all(`SELECT * FROM scores WHERE score_set_id LIKE 'rater:%' ORDER BY ALL`);
  return out;
}

describe('undo and redo', () => {
  it('per coder, as events, across closing and reopening the workspace', async () => {
    let b = f.b;
    const code = await b.app.call('coding-code-create', { coder: 'ann', name: 'Warmth' });
    await b.app.call('coding-code-update', { coder: 'ann', codeId: code.codeId, name: 'Warm tone', color: '#aa0000' });
    await b.app.call('coding-code-create', { coder: 'bob', name: 'Bob code' });
    const u = await b.app.call('coding-undo', { coder: 'ann' });
    expect(u.event).toMatchObject({ kind: 'undo', coder: 'ann' });
    expect((await b.app.call('coding-codebook', undefined)).codes.find((c) => c.codeId === code.codeId)).toMatchObject({ name: 'Warmth', color: '#7f7f7f' });
    // Close, reopen in a new Backend: the redo is still there.
    b.close();
    b = new Backend({ home: f.dir });
    await b.open(f.path);
    try {
      expect((await b.app.call('coding-history', { coder: 'ann' })).canRedo).toBe(true);
      await b.app.call('coding-redo', { coder: 'ann' });
      expect((await b.app.call('coding-codebook', undefined)).codes.find((c) => c.codeId === code.codeId)).toMatchObject({ name: 'Warm tone', color: '#aa0000' });
      await b.app.call('coding-undo', { coder: 'ann' });
      await b.app.call('coding-undo', { coder: 'ann' });
      expect((await b.app.call('coding-codebook', undefined)).codes.map((c) => c.name)).toEqual(['Bob code']);
      expect((await b.app.call('coding-undo', { coder: 'ann' })).event).toBeNull();
      await b.app.call('coding-redo', { coder: 'ann' });
      // A new edit clears the coder's redo stack.
      await b.app.call('coding-code-create', { coder: 'ann', name: 'Other' });
      expect((await b.app.call('coding-redo', { coder: 'ann' })).event).toBeNull();
      const h = await b.app.call('coding-history', { coder: 'ann', limit: 50 });
      expect(h.events.map((e) => e.kind)).toEqual(['code-create', 'redo', 'undo', 'undo', 'redo', 'undo', 'code-update', 'code-create']);
      expect(h.events.filter((e) => e.undone).map((e) => e.kind)).toEqual(['code-update']);
      // Bob's step is his own.
      expect((await b.app.call('coding-undo', { coder: 'bob' })).event?.summary).toBe('undo create code "Bob code"');
    } finally {
      b.close();
      f.b = new Backend({ home: f.dir });
      f.db = (await f.b.open(f.path)).db;
    }
  });

  it('refuses an undo that would erase a later edit by someone else', async () => {
    const c = await f.b.app.call('coding-code-create', { coder: 'ann', name: 'Shared' });
    await f.b.app.call('coding-code-update', { coder: 'bob', codeId: c.codeId, definition: 'bob wrote this' });
    await expect(f.b.app.call('coding-undo', { coder: 'ann' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await f.b.app.call('coding-codebook', undefined)).codes.find((x) => x.codeId === c.codeId)?.definition).toBe('bob wrote this');
  });
});

describe('the tables are the log replayed', () => {
  it('rebuilding every table from the events gives the same rows, labellings and score sets', async () => {
    const s = await supporterSentences(f.db);
    const code = await f.b.app.call('coding-code-create', { coder: 'ann', name: 'Replayed' });
    await f.b.app.call('coding-assign', { coder: 'ann', codeId: code.codeId, unit: { grain: 'theme', modelId: 'm-seed', latent: 1 } });
    await f.b.app.call('coding-assign-many', { coder: 'bob', codeId: code.codeId, units: s.slice(0, 5).map((x) => ({ grain: 'sentence' as const, conversationId: x.conversationId, turn: x.turn, sentenceIndex: x.sentenceIndex })) });
    await f.b.app.call('coding-rate', { rater: 'ann', conversationId: s[0].conversationId, scores: { validating_emotions: 3 } });
    await f.b.app.call('coding-undo', { coder: 'bob' });
    await f.b.app.call('coding-redo', { coder: 'bob' });
    const before = await snapshot(f.db);
    expect(before.labels.length).toBeGreaterThan(0);
    await rebuildFromLog(f.db, refreshDerived);
    expect(await snapshot(f.db)).toEqual(before);
  });

  it('a fault inside the edit leaves neither the event nor any row behind', async () => {
    const ws = f.b.workspace;
    const faulty = new CodingService({ workspace: () => ws, hooks: { beforeCommit: () => { throw new Error('injected fault'); } } });
    const before = await snapshot(f.db);
    const events = await f.db.value<number>('SELECT count(*) FROM coding_events');
    await expect(faulty.createCode({ coder: 'ann', name: 'Never' })).rejects.toThrow('injected fault');
    await expect(faulty.startCodebook({ coder: 'zed', template: 'lend-an-ear' })).rejects.toThrow();
    expect(await f.db.value<number>('SELECT count(*) FROM coding_events')).toBe(events);
    expect(await snapshot(f.db)).toEqual(before);
  });
});

describe('a process killed while it appends events', () => {
  it('loses no committed event and leaves nothing half-written', async () => {
    const code = await f.b.app.call('coding-code-create', { coder: 'ann', name: 'Crash target' });
    f.b.close();
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/coding/crash-child.ts'), f.path, code.codeId], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const seen = await new Promise<number>((ok, fail) => {
      child.stdout.on('data', (d) => {
        out += d;
        const lines = out.trim().split('\n');
        if (lines.length >= 6) {
          child.kill('SIGKILL');
          ok(Number(lines.at(-1)));
        }
      });
      child.on('exit', (c) => (c !== null ? fail(new Error(`child exited ${c}: ${err}`)) : undefined));
    });
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.on('exit', r)));
    const ws = await Workspace.open(f.path);
    try {
      const last = await ws.db.value<number>('SELECT max(seq) FROM coding_events');
      expect(last).toBeGreaterThanOrEqual(seen);
      // Every event is whole: the definition edit and the assignment of each round are both there or both not.
      const before = await snapshot(ws.db);
      await rebuildFromLog(ws.db, refreshDerived);
      expect(await snapshot(ws.db)).toEqual(before);
      const crash = await ws.db.all<{ kind: string }>(`SELECT kind FROM coding_events WHERE coder = 'crash' ORDER BY seq`);
      expect(crash.length).toBeGreaterThanOrEqual(6);
      const defs = await ws.db.value<string>(`SELECT definition FROM coding_codes WHERE code_id = ?`, [code.codeId]);
      const updates = crash.filter((e) => e.kind === 'code-update').length;
      expect(defs).toBe(`after ${updates - 1}`);
    } finally {
      ws.close();
      f.b = new Backend({ home: f.dir });
      f.db = (await f.b.open(f.path)).db;
    }
  }, 120_000);
});
