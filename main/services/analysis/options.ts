// What the analysis views can offer for the open study: score sets, conditions, rounds, labellings, judges, traits.

import type { AnalysisOptions } from '../../api/contract/index.js';
import type { Db } from '../../db/workspace.js';
import { orderDimensions, studyConditions, studyName } from '../../studydata/common.js';
import { pairwiseJudges } from '../../studydata/pairwise.js';
import { labellings as listLabellings } from '../../studydata/shifts.js';
import { selfReportItems, traitsPresent } from '../../studydata/trait.js';
import { APP_VERSION } from './provenance.js';

export async function analysisOptions(db: Db): Promise<AnalysisOptions> {
  const s = await studyName(db);
  const sets = await db.all<AnalysisOptions['scoreSets'][number]>(`
    SELECT s.score_set_id AS id, s.rater, s.kind,
      coalesce((SELECT list(DISTINCT dimension ORDER BY dimension) FROM scores x WHERE x.score_set_id = s.score_set_id), []) AS dimensions,
      (SELECT count(DISTINCT conversation_id) FROM scores x WHERE x.score_set_id = s.score_set_id) AS conversations
    FROM score_sets s ORDER BY s.created_at, s.score_set_id`);
  const list = async (sql: string) => (await db.all<{ v: string | number }>(sql)).map((r) => r.v);
  const taxonomyCount = Number(await db.value('SELECT count(*) FROM taxonomy'));
  return {
    study: s.name,
    simulated: s.simulated,
    scoreSets: sets.map((x) => ({ ...x, dimensions: orderDimensions(x.dimensions) })),
    conditions: await studyConditions(db),
    rounds: (await list(`SELECT DISTINCT round AS v FROM conversations WHERE round IS NOT NULL ORDER BY 1`)) as number[],
    scenarioTypes: (await list(`SELECT DISTINCT scenario_type AS v FROM conversations WHERE scenario_type IS NOT NULL ORDER BY 1`)) as string[],
    scenarios: (await list(`SELECT DISTINCT scenario AS v FROM conversations WHERE scenario IS NOT NULL ORDER BY 1`)) as string[],
    labellings: await listLabellings(db),
    taxonomyLevels: taxonomyCount ? ['category', 'level1', 'level2', 'level3'] : ['category'],
    pairwiseJudges: await pairwiseJudges(db),
    selfReportItems: await selfReportItems(db),
    traits: await traitsPresent(db),
    appVersion: APP_VERSION,
  };
}
