// The analysis service the Backend owns: one method per analysis, each reading the currently open workspace. It is
// also the one place where the engine's data errors become user errors, so every caller of the service (the API
// handlers today, jobs later) gets the same answer: a message about the data, or a bug reported as a bug.

import type {
  AgreementArgs, AgreementMatrixArgs, AgreementMatrixResult, AgreementResult, AnalysisOptions, ContrastsArgs, ContrastsResult,
  EffectsArgs, EffectsResult, EloArgs, EloResult, PreferenceArgs, PreferenceResult, RciArgs, RciResult, ShiftsArgs, ShiftsResult,
  ScenarioTypesArgs, ScenarioTypesResult, TraitArgs, TraitResult,
} from '../../api/contract/index.js';
import { AnalysisDataError } from '../../analysis/index.js';
import type { Db } from '../../db/workspace.js';
import { UserError } from '../../domain/errors.js';
import { computeAgreement, computeAgreementMatrix } from './agreement.js';
import { computeContrasts, computeEffects } from './effects.js';
import { computeElo } from './elo.js';
import { analysisOptions } from './options.js';
import { computePreference } from './preference.js';
import { computeRci } from './rci.js';
import { computeScenarioTypes } from './scenario-types.js';
import { computeShifts } from './shifts.js';
import { computeTrait } from './trait.js';
import { AnalysisCache } from './cache.js';

export interface AnalysisServiceDeps {
  /** The open workspace's database; a function, so that opening another study takes effect at once. */
  db: () => Db;
}

/**
 * An engine data error (AnalysisDataError and its subclasses: singular design, separation, one cluster, no
 * variation…) as the user error it is; anything else unchanged, so a bug surfaces as an internal error.
 */
export function userFacing(e: unknown): unknown {
  if (e instanceof AnalysisDataError) return Object.assign(new UserError(e.message, 'analysis-failed'), { cause: e });
  return e;
}

export class AnalysisService {
  private readonly db: () => Db;
  private readonly cache = new AnalysisCache();

  constructor(deps: AnalysisServiceDeps) {
    this.db = deps.db;
  }

  options(): Promise<AnalysisOptions> {
    return this.run((db) => analysisOptions(db));
  }

  effects(args: EffectsArgs = {}): Promise<EffectsResult> {
    return this.cached('effects', args, (db) => computeEffects(db, args));
  }

  contrasts(args: ContrastsArgs = {}): Promise<ContrastsResult> {
    return this.cached('contrasts', args, (db) => computeContrasts(db, args));
  }

  rci(args: RciArgs = {}): Promise<RciResult> {
    return this.cached('rci', args, (db) => computeRci(db, args));
  }

  trait(args: TraitArgs = {}): Promise<TraitResult> {
    return this.cached('trait', args, (db) => computeTrait(db, args));
  }

  shifts(args: ShiftsArgs = {}): Promise<ShiftsResult> {
    return this.cached('shifts', args, (db) => computeShifts(db, args));
  }

  agreement(args: AgreementArgs): Promise<AgreementResult> {
    return this.cached('agreement', args, (db) => computeAgreement(db, args));
  }

  agreementMatrix(args: AgreementMatrixArgs = {}): Promise<AgreementMatrixResult> {
    return this.cached('agreementMatrix', args, (db) => computeAgreementMatrix(db, args));
  }

  preference(args: PreferenceArgs = {}): Promise<PreferenceResult> {
    return this.cached('preference', args, (db) => computePreference(db, args));
  }

  elo(args: EloArgs = {}): Promise<EloResult> {
    return this.cached('elo', args, (db) => computeElo(db, args));
  }

  scenarioTypes(args: ScenarioTypesArgs = {}): Promise<ScenarioTypesResult> {
    return this.cached('scenarioTypes', args, (db) => computeScenarioTypes(db, args));
  }

  /** Reads the open workspace (its 'no-study' UserError passes through) and translates engine data errors. */
  private async run<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    try {
      return await fn(this.db());
    } catch (e) {
      throw userFacing(e);
    }
  }

  /** run(), answered from the workspace's analysis cache while the data it read is unchanged. */
  private cached<T>(analysis: string, args: unknown, fn: (db: Db) => Promise<T>): Promise<T> {
    return this.run((db) => this.cache.get(db, analysis, args, () => fn(db)));
  }
}
