import { z } from 'zod';
import { method, noArgs, text } from './define.js';

export type TableName =
  | 'participants' | 'conversations' | 'messages' | 'sentences' | 'scores' | 'score_sets'
  | 'self_reports' | 'pairwise' | 'taxonomy' | 'sentence_labels';

export interface ScoreSetInfo {
  id: string;
  rater: string;
  /** The label its judge run was given, when it has one (what the pickers show first). */
  label: string | null;
  kind: string;
  conversations: number;
  scaleMin: number;
  scaleMax: number;
  dimensions: string[];
}

export interface StudyInfo {
  path: string;
  name: string;
  simulated: boolean;
  source: string | null;
  participants: number;
  conversations: number;
  messages: number;
  sentences: number;
  conditions: string[];
  scenarios: string[];
  /** Conversations with no scenario in a study where others have one (an importer could not tell). */
  unassignedScenarios: number;
  scenarioTypes: string[];
  rounds: number[];
  scoreSets: ScoreSetInfo[];
  tables: Record<TableName, number>;
  schemaVersion: number;
}

export interface CountRow { key: string; conversations: number; participants: number }
export interface StudyOverview {
  byCondition: CountRow[];
  byScenario: CountRow[];
  byRound: CountRow[];
  byConditionRound: { condition: string; round: number; conversations: number }[];
  missingTables: { table: TableName; neededBy: string }[];
}

export const ScenarioAssignArgsSchema = z.strictObject({
  scenario: text,
  /** Default: the type the study's other conversations of this scenario have. */
  scenarioType: z.string().min(1).max(200).optional(),
  /** These conversations get the scenario (reassigned if they had one). */
  conversationIds: z.array(text).max(100_000).optional(),
  /** And every conversation without a scenario whose opening line starts so (case, spacing and punctuation ignored). */
  openingStartsWith: z.string().max(2_000).optional(),
  /** Count what would change without changing it. */
  dryRun: z.boolean().optional(),
});
export type ScenarioAssignArgs = z.infer<typeof ScenarioAssignArgsSchema>;
export interface ScenarioAssignResult {
  scenario: string;
  scenarioType: string | null;
  conversations: number;
  /** Up to 20 of the conversations matched. */
  sample: string[];
  applied: boolean;
}

export interface RecentWorkspace {
  path: string;
  /** The file name, to show first. */
  name: string;
  /** False once the file is gone (moved or deleted); opening it would create an empty workspace. */
  exists: boolean;
}
export interface RecentWorkspaces {
  recent: RecentWorkspace[];
  /** Reopened at the next start (null: the demo opens). */
  last: string | null;
}

export const studyMethods = {
  'study-info': method(noArgs).returns<StudyInfo>(),
  'study-overview': method(noArgs).returns<StudyOverview>(),
  /** Opens (or creates) the workspace file at `path`. */
  'study-open': method(z.strictObject({ path: text })).returns<StudyInfo>(),
  'study-open-demo': method(noArgs).returns<StudyInfo>(),
  /** Workspaces opened before, most recent first (the header's switcher). */
  'study-recent': method(noArgs).returns<RecentWorkspaces>(),
  /** Drops one workspace from the list, or all of them (path null). Files are never touched. */
  'study-recent-forget': method(z.strictObject({ path: z.string().max(4_096).nullable() })).returns<RecentWorkspaces>(),
  /** Assigns a scenario by hand to listed conversations or by a rule on the opening line; saved in the workspace. */
  'study-assign-scenario': method(ScenarioAssignArgsSchema).returns<ScenarioAssignResult>(),
};
