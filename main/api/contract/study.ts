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

export const studyMethods = {
  'study-info': method(noArgs).returns<StudyInfo>(),
  'study-overview': method(noArgs).returns<StudyOverview>(),
  /** Opens (or creates) the workspace file at `path`. */
  'study-open': method(z.strictObject({ path: text })).returns<StudyInfo>(),
  'study-open-demo': method(noArgs).returns<StudyInfo>(),
};
