import type { App } from '../api/app.js';
import type { JudgeCompareService } from '../judge/compare.js';

export function registerJudgeCompareHandlers(app: App, compare: JudgeCompareService): void {
  app.method('judge-compare', (args) => compare.compare(args));
}
