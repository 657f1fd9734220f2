// Scenarios assigned by hand on the real Lend an Ear pilot: 19 conversations open with a line that matches
// no known starter ("I've been feeling so detached from everything lately"), so the importer leaves their
// scenario empty. The researcher assigns them through the API: one conversation, then a rule on the opening line.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import type { Args, MethodName, Result } from '../../main/api/contract/index.js';
import { NO_SCENARIO } from '../../main/api/contract/index.js';
import { runImport } from '../../main/import/run-import.js';
import { PILOT, tempDir } from '../import/helpers.js';

const DETACHED = '20241031145050008738';
const tmp = tempDir();
let backend: Backend;
const call = <M extends MethodName>(m: M, args: Args<M>): Promise<Result<M>> => backend.app.call(m, args);
const scenarioOf = (id: string) => backend.workspace.db.value<string | null>('SELECT scenario FROM conversations WHERE conversation_id = ?', [id]);

beforeAll(async () => {
  backend = new Backend({ home: join(tmp.dir, 'home') });
  const ws = await backend.open(join(tmp.dir, 'pilot.duckdb'));
  await runImport(ws.db, { format: 'auto', path: PILOT }, { progress: () => {}, checkCancelled: () => {} });
});
afterAll(() => {
  backend.close();
  tmp.cleanup();
});

describe('assigning scenarios by hand (real pilot)', () => {
  it('counts the conversations the importer could not assign, and the explorer filters to them', async () => {
    expect((await call('study-info', undefined)).unassignedScenarios).toBe(19);
    const none = await call('conversations-list', { filter: { scenarios: [NO_SCENARIO] }, limit: 100 });
    expect(none.total).toBe(19);
    expect(none.rows.every((r) => r.scenario === null)).toBe(true);
    const mixed = await call('conversations-list', { filter: { scenarios: [NO_SCENARIO, 'job_loss'] }, limit: 100 });
    expect(mixed.total).toBe(19 + 12);
  });

  it('refuses what it cannot do, naming the field, and changes nothing', async () => {
    await expect(call('study-assign-scenario', { scenario: 'detachment' })).rejects.toThrow(/conversationIds or openingStartsWith/);
    await expect(call('study-assign-scenario', { scenario: 'detachment', conversationIds: ['nope'] })).rejects.toThrow(/conversationIds: no conversation "nope"/);
    await expect(call('study-assign-scenario', { scenario: 'x', openingStartsWith: 'I' })).rejects.toThrow(/openingStartsWith/);
    expect((await call('study-info', undefined)).unassignedScenarios).toBe(19);
  });

  it('assigns one conversation, then the rest by a rule on the opening line (dry run first), saved in the workspace', async () => {
    const one = await call('study-assign-scenario', { scenario: 'detachment', scenarioType: 'personal', conversationIds: [DETACHED] });
    expect(one).toMatchObject({ conversations: 1, applied: true, scenarioType: 'personal' });
    expect(await scenarioOf(DETACHED)).toBe('detachment');

    // Case, apostrophes and spacing of the rule do not matter; only conversations still unassigned match.
    const preview = await call('study-assign-scenario', { scenario: 'detachment', openingStartsWith: "i've been FEELING  so detached", dryRun: true });
    expect(preview).toMatchObject({ conversations: 18, applied: false, scenarioType: 'personal' });
    expect((await call('study-info', undefined)).unassignedScenarios).toBe(18);

    const rule = await call('study-assign-scenario', { scenario: 'detachment', openingStartsWith: "I've been feeling so detached" });
    expect(rule.conversations).toBe(18);
    const info = await call('study-info', undefined);
    expect(info.unassignedScenarios).toBe(0);
    expect(info.scenarios).toContain('detachment');
    // The explorer's list reads conversation_stats: it must agree with conversations.
    const listed = await call('conversations-list', { filter: { scenarios: ['detachment'] }, limit: 100 });
    expect(listed.total).toBe(19);
    expect(listed.rows.every((r) => r.scenario_type === 'personal')).toBe(true);
    const log = JSON.parse(String(await backend.workspace.db.value(`SELECT CAST(value AS VARCHAR) FROM study_meta WHERE key = 'scenario_assignments'`)));
    expect(log.map((e: { conversations: string[] }) => e.conversations.length)).toEqual([1, 18]);

    // Reopened, the workspace still has them.
    const path = backend.workspace.path;
    await backend.open(path);
    expect((await call('study-info', undefined)).unassignedScenarios).toBe(0);
    expect(await scenarioOf(DETACHED)).toBe('detachment');
  });
});
