import type { TableName } from '../api/contract/index.js';

export type FieldType = 'string' | 'integer' | 'number' | 'timestamp';
/** `emptySkipped`: the column must exist, but rows with an empty value are skipped and counted, not refused. */
export interface Field { name: string; type: FieldType; required?: boolean; emptySkipped?: boolean }

/** The study-folder format (../shared/docs/data-format.md) plus the workbench's two optional ground-truth tables. */
export const STUDY_TABLES = {
  participants: [
    { name: 'participant_id', type: 'string', required: true },
    { name: 'condition', type: 'string' },
    { name: 'age', type: 'number' },
    { name: 'sex', type: 'string' },
    { name: 'ethnicity', type: 'string' },
    { name: 'jordan_empathy', type: 'number' },
    { name: 'sites', type: 'number' },
  ],
  conversations: [
    { name: 'conversation_id', type: 'string', required: true },
    { name: 'participant_id', type: 'string' },
    { name: 'round', type: 'integer' },
    { name: 'scenario', type: 'string' },
    { name: 'scenario_type', type: 'string' },
  ],
  messages: [
    { name: 'conversation_id', type: 'string', required: true },
    { name: 'turn', type: 'integer', required: true },
    { name: 'role', type: 'string', required: true },
    { name: 'text', type: 'string', required: true, emptySkipped: true },
    { name: 'sent_at', type: 'timestamp' },
  ],
  scores: [
    { name: 'conversation_id', type: 'string', required: true },
    { name: 'dimension', type: 'string', required: true },
    { name: 'score', type: 'number', required: true },
    { name: 'rater', type: 'string', required: true },
    { name: 'rationale', type: 'string' },
    { name: 'evidence', type: 'string' },
  ],
  self_reports: [
    { name: 'conversation_id', type: 'string', required: true },
    { name: 'item', type: 'string', required: true },
    { name: 'value', type: 'number', required: true },
  ],
  pairwise: [
    { name: 'judge_id', type: 'string', required: true },
    { name: 'judge_kind', type: 'string', required: true },
    { name: 'trial', type: 'integer', required: true },
    { name: 'conversation_a', type: 'string', required: true },
    { name: 'conversation_b', type: 'string', required: true },
    { name: 'choice', type: 'string', required: true },
  ],
  taxonomy: [
    { name: 'category', type: 'string', required: true },
    { name: 'level1', type: 'string' },
    { name: 'level2', type: 'string' },
    { name: 'level3', type: 'string' },
    { name: 'label', type: 'string' },
    { name: 'scenario_type', type: 'string' },
  ],
  sentence_labels: [
    { name: 'conversation_id', type: 'string', required: true },
    { name: 'turn', type: 'integer', required: true },
    { name: 'sentence_index', type: 'integer', required: true },
    { name: 'category', type: 'string', required: true },
  ],
} satisfies Partial<Record<TableName, Field[]>>;

export type StudyTable = keyof typeof STUDY_TABLES;
export const STUDY_TABLE_NAMES = Object.keys(STUDY_TABLES) as StudyTable[];
export const REQUIRED_TABLES: StudyTable[] = ['conversations', 'messages'];

/** Tables whose rows carry an `extra` JSON column for unknown source columns. */
export const HAS_EXTRA: Partial<Record<StudyTable, string>> = { participants: 'extra', conversations: 'extra', messages: 'annotation' };

export const SQL_TYPE: Record<FieldType, string> = {
  string: 'VARCHAR', integer: 'INTEGER', number: 'DOUBLE', timestamp: 'TIMESTAMP',
};
