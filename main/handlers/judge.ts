import type { Backend } from '../backend.js';
import { UserError } from '../domain/errors.js';
import type { JudgeKeyStatus } from '../api/contract.js';
import { JudgeService } from '../judge/service.js';
import { envKeyProvider, firstKeyProvider, isLocalBaseUrl, type KeyProvider, type KeyStore } from '../judge/keys.js';
import { listTemplates, saveTemplate, ensureJudgeDefaults } from '../judge/templates.js';
import { getPrices, setPrices } from '../judge/prices.js';

interface JudgeState { service: JudgeService; provider: KeyProvider; store: KeyStore | null }
const states = new WeakMap<Backend, JudgeState>();

/**
 * Where the judge gets its API key. The Electron shell calls this at start-up with a KeyStore backed by
 * safeStorage (the key the user typed in Settings, encrypted on disk by the OS); OPENAI_API_KEY stays a fallback.
 * Tests pass a fixed in-memory key.
 */
export function setJudgeKeyProvider(b: Backend, provider: KeyProvider, store: KeyStore | null = null): void {
  const s = judgeState(b);
  s.provider = store ? firstKeyProvider(store, provider) : provider;
  s.store = store;
}

/** The backend's judge service (the CLI and tests drive runs through it too). */
export function judgeService(b: Backend): JudgeService {
  return judgeState(b).service;
}

function judgeState(b: Backend): JudgeState {
  let s = states.get(b);
  if (!s) {
    const state: JudgeState = {
      provider: envKeyProvider(),
      store: null,
      service: null as unknown as JudgeService,
    };
    state.service = new JudgeService({ workspace: () => b.workspace, jobs: b.jobs, keys: () => state.provider });
    states.set(b, state);
    s = state;
  }
  return s;
}

async function keyStatus(s: JudgeState, baseUrl?: string): Promise<JudgeKeyStatus> {
  const url = baseUrl || 'https://api.openai.com/v1';
  const available = !!(await s.provider.getKey(url));
  return { available: available || isLocalBaseUrl(url), source: available ? s.provider.source : null, canStore: !!s.store };
}

export function registerJudgeHandlers(b: Backend): void {
  const s = judgeState(b);
  const svc = s.service;
  b.app.method('judge-key-status', async (args) => keyStatus(s, (args as { baseUrl?: string } | undefined)?.baseUrl));
  b.app.method('judge-key-set', async ({ key }) => {
    if (!s.store) throw new UserError('This window cannot store keys securely; set OPENAI_API_KEY before starting the app', 'no-key-store');
    if (key !== null && (typeof key !== 'string' || !key.trim())) throw new UserError('The key is empty');
    await s.store.setKey(key === null ? null : key.trim());
    return keyStatus(s);
  });
  b.app.method('judge-estimate', (spec) => svc.estimate(spec));
  b.app.method('judge-pairwise-estimate', (spec) => svc.estimatePairwise(spec));
  b.app.method('judge-start', (spec) => svc.start(spec));
  b.app.method('judge-pairwise-start', (spec) => svc.startPairwise(spec));
  b.app.method('judge-runs', () => svc.list());
  b.app.method('judge-run-get', ({ runId, failuresLimit }) => svc.get(runId, failuresLimit));
  b.app.method('judge-pause', ({ runId }) => svc.pause(runId));
  b.app.method('judge-resume', ({ runId, limits }) => svc.resume(runId, limits));
  b.app.method('judge-cancel', ({ runId }) => svc.cancel(runId));
  b.app.method('judge-retry-failures', ({ runId }) => svc.retryFailures(runId));
  b.app.method('judge-run-delete', ({ runId }) => svc.delete(runId));
  b.app.method('judge-elo', ({ runId }) => svc.elo(runId));
  b.app.method('prompt-templates-list', async (args) => listTemplates(b.workspace.db, (args as { kind?: 'scores' | 'dimension' | 'pairwise' } | undefined)?.kind));
  b.app.method('prompt-template-save', (t) => saveTemplate(b.workspace.db, t));
  b.app.method('price-table-get', async () => {
    await ensureJudgeDefaults(b.workspace.db);
    return getPrices(b.workspace.db);
  });
  b.app.method('price-table-set', async ({ rows }) => {
    await ensureJudgeDefaults(b.workspace.db);
    if (!Array.isArray(rows)) throw new UserError('rows must be a list of prices');
    return setPrices(b.workspace.db, rows);
  });
}
