// The analysis API methods (issue 2): each maps its args to the AnalysisService the Backend owns. The computations
// live in main/services/analysis; the service turns the engine's data errors into user errors.

import type { App } from '../api/app.js';
import type { AnalysisService } from '../services/analysis/service.js';

export function registerAnalysisHandlers(app: App, analyses: AnalysisService): void {
  app.method('analysis-options', () => analyses.options());
  app.method('analysis-effects', (args) => analyses.effects(args ?? {}));
  app.method('analysis-contrasts', (args) => analyses.contrasts(args ?? {}));
  app.method('analysis-rci', (args) => analyses.rci(args ?? {}));
  app.method('analysis-trait', (args) => analyses.trait(args ?? {}));
  app.method('analysis-shifts', (args) => analyses.shifts(args ?? {}));
  app.method('analysis-agreement', (args) => analyses.agreement(args));
  app.method('analysis-agreement-matrix', (args) => analyses.agreementMatrix(args ?? {}));
  app.method('analysis-preference', (args) => analyses.preference(args ?? {}));
  app.method('analysis-elo', (args) => analyses.elo(args ?? {}));
  app.method('analysis-scenario-types', (args) => analyses.scenarioTypes(args ?? {}));
}
