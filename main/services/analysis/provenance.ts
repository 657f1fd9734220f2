// Every analysis result says what produced it: the study, the score set, the parameters actually used and the app
// version, so a saved table or figure can be traced back.

import type { AnalysisProvenance } from '../../api/contract/index.js';
import type { Db } from '../../db/workspace.js';
import { studyName } from '../../studydata/common.js';
import pkg from '../../../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;

export async function provenance(db: Db, analysis: string, scoreSet: string | null, parameters: Record<string, unknown>): Promise<AnalysisProvenance> {
  const s = await studyName(db);
  return { analysis, study: s.name, simulated: s.simulated, scoreSet, parameters, appVersion: APP_VERSION };
}
