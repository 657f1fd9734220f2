import type { App } from '../api/app.js';
import type { JudgeKeyStatus } from '../api/contract/index.js';
import type { Workspace } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import type { JudgeService } from '../judge/service.js';
import { DEFAULT_BASE_URL, isLocalBaseUrl, keyOrigin, type KeyRing } from '../judge/keys.js';
import { listTemplates, saveTemplate, ensureJudgeDefaults } from '../judge/templates.js';
import { getPrices, setPrices } from '../judge/prices.js';
import { testJudgeConnection } from '../judge/connection-test.js';

/** What the judge handlers need of the backend. */
export interface JudgeHost {
  readonly workspace: Workspace;
  readonly judge: JudgeService;
  readonly keys: KeyRing;
}

async function keyStatus(keys: KeyRing, baseUrl: string | undefined): Promise<JudgeKeyStatus> {
  const url = baseUrl?.trim() || DEFAULT_BASE_URL;
  const origin = keyOrigin(url);
  if (!origin) throw new UserError(`baseUrl must be an http(s) URL, got "${url.slice(0, 200)}"`, 'invalid-args');
  const source = await keys.sourceFor(url);
  return { available: !!source || isLocalBaseUrl(url), source, canStore: keys.canStore, origin, storedOrigins: await keys.storedOrigins() };
}

export function registerJudgeHandlers(app: App, host: JudgeHost): void {
  const { judge, keys } = host;
  app.method('judge-key-status', async (args) => keyStatus(keys, args?.baseUrl));
  app.method('judge-key-set', async ({ key, baseUrl }) => {
    const url = baseUrl?.trim() || DEFAULT_BASE_URL;
    if (!keyOrigin(url)) throw new UserError(`baseUrl must be an http(s) URL, got "${url.slice(0, 200)}"`, 'invalid-args');
    if (key !== null && !key.trim()) throw new UserError('The key is empty');
    await keys.setKey(url, key === null ? null : key.trim());
    return keyStatus(keys, url);
  });
  app.method('judge-estimate', (spec) => judge.estimate(spec));
  app.method('judge-connection-test', ({ baseUrl, model }) => testJudgeConnection(keys, baseUrl?.trim() || DEFAULT_BASE_URL, model.trim()));
  app.method('judge-pairwise-estimate', (spec) => judge.estimatePairwise(spec));
  app.method('judge-start', (spec) => judge.start(spec));
  app.method('judge-pairwise-start', (spec) => judge.startPairwise(spec));
  app.method('judge-runs', () => judge.list());
  app.method('judge-run-get', ({ runId, failuresLimit }) => judge.get(runId, failuresLimit));
  app.method('judge-pause', ({ runId }) => judge.pause(runId));
  app.method('judge-resume', ({ runId, limits }) => judge.resume(runId, limits));
  app.method('judge-cancel', ({ runId }) => judge.cancel(runId));
  app.method('judge-retry-failures', ({ runId }) => judge.retryFailures(runId));
  app.method('judge-run-delete', ({ runId }) => judge.delete(runId));
  app.method('judge-elo', ({ runId }) => judge.elo(runId));
  app.method('prompt-templates-list', async (args) => listTemplates(host.workspace.db, args?.kind));
  app.method('prompt-template-save', (t) => saveTemplate(host.workspace.db, t));
  app.method('price-table-get', async () => {
    await ensureJudgeDefaults(host.workspace.db);
    return getPrices(host.workspace.db);
  });
  app.method('price-table-set', async ({ rows }) => {
    await ensureJudgeDefaults(host.workspace.db);
    return setPrices(host.workspace.db, rows);
  });
}
