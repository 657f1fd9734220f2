// Embedding sets: one vector per supporter sentence unit, from the offline lexical embedder, an
// OpenAI-compatible /v1/embeddings endpoint, or an imported file. Owned by the Backend.
import type { Workspace } from '../db/workspace.js';
import type { JobRunner } from '../jobs/runner.js';
import type { KeyProvider } from '../judge/keys.js';
import { UserError } from '../domain/errors.js';
import type { EmbeddingEstimate, EmbeddingSet, EmbeddingSpec, EmbeddingStarted } from '../api/contract/embeddings.js';
import { deleteSet, getSet, insertSet, listSets, setState } from './store.js';
import { offlineModelName, OFFLINE_DEFAULTS } from './offline.js';
import { runOffline } from './offline-job.js';
import { estimateImport, runImport } from './import.js';
import { estimateOpenAI, openAIModel, runOpenAI } from './openai.js';

export interface EmbeddingServiceDeps {
  workspace: () => Workspace;
  jobs: JobRunner;
  /** Origin-bound API keys (the Backend's KeyRing). */
  keys: () => KeyProvider;
}

export class EmbeddingService {
  /** Set id → job id of the sets being built in this process. */
  private readonly live = new Map<string, string>();

  constructor(readonly deps: EmbeddingServiceDeps) {}

  list(): Promise<EmbeddingSet[]> {
    return listSets(this.deps.workspace().db, this.live);
  }

  async estimate(spec: EmbeddingSpec): Promise<EmbeddingEstimate> {
    const db = this.deps.workspace().db;
    if (spec.provider === 'openai') return estimateOpenAI(db, spec, this.deps.keys());
    if (spec.provider === 'import') return estimateImport(db, spec);
    const sentences = Number(await db.value(`SELECT count(*) FROM sentences`));
    return {
      provider: 'offline', model: offlineModelName(spec.dimensions ?? OFFLINE_DEFAULTS.dimensions), sentences, dimensions: spec.dimensions ?? OFFLINE_DEFAULTS.dimensions,
      calls: 0, cacheHits: 0, toRequest: 0, inputTokens: 0, cost: null, minMinutes: null,
      notes: ['Offline TF-IDF + truncated SVD: a lexical stand-in for a semantic embedding model (sentences are near when they share words).'],
    };
  }

  async create(spec: EmbeddingSpec): Promise<EmbeddingStarted> {
    const ws = this.deps.workspace();
    const sentences = Number(await ws.db.value(`SELECT count(*) FROM sentences`));
    if (spec.provider !== 'import' && sentences === 0) throw new UserError('The study has no sentence units to embed', 'bad-request');
    if (spec.provider === 'openai') await openAIModel(spec, this.deps.keys()); // refuses a remote origin without a key now, not in the job
    if (spec.provider === 'import') await estimateImport(ws.db, spec); // refuses a missing or unreadable file now
    const model = spec.provider === 'offline' ? offlineModelName(spec.dimensions ?? OFFLINE_DEFAULTS.dimensions)
      : spec.provider === 'openai' ? (await openAIModel(spec, this.deps.keys())).model : spec.model ?? spec.file.split(/[\\/]/).pop()!;
    const { id } = await insertSet(ws.db, { provider: spec.provider, model, dimensions: spec.provider === 'import' ? 0 : spec.dimensions ?? 0, params: { spec }, label: spec.label });
    return this.startJob(id, spec);
  }

  async resume(id: string): Promise<EmbeddingStarted> {
    const db = this.deps.workspace().db;
    const set = await getSet(db, id);
    if (this.live.has(id)) throw new UserError(`Embedding set ${id} is already being built`, 'busy');
    if (set.state === 'done') throw new UserError(`Embedding set ${id} is complete`, 'bad-request');
    const spec = set.params.spec as EmbeddingSpec;
    await setState(db, id, 'running', 'Resuming');
    return this.startJob(id, spec);
  }

  async delete(id: string): Promise<void> {
    if (this.live.has(id)) throw new UserError(`Embedding set ${id} is being built; cancel its job first`, 'busy');
    await deleteSet(this.deps.workspace().db, id);
  }

  private startJob(id: string, spec: EmbeddingSpec): EmbeddingStarted {
    const ws = this.deps.workspace();
    const job = this.deps.jobs.start(`embeddings-${spec.provider}`, async (ctx) => {
      try {
        if (spec.provider === 'offline') await runOffline(ws.db, id, spec, ctx);
        else if (spec.provider === 'import') await runImport(ws.db, id, spec, ctx);
        else await runOpenAI(ws.db, id, spec, this.deps.keys(), ctx);
        return { embeddingSetId: id };
      } catch (e) {
        const cancelled = ctx.signal.aborted;
        await setState(ws.db, id, cancelled ? 'cancelled' : 'failed', cancelled ? 'Cancelled' : e instanceof UserError ? e.message : 'Failed: an internal error (see the job and the workbench log)').catch(() => {});
        throw e;
      } finally {
        this.live.delete(id);
      }
    });
    this.live.set(id, job.id);
    return { embeddingSetId: id, jobId: job.id };
  }
}
