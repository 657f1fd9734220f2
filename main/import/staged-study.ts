import type { StagedTable } from './stage.js';
import type { StudyTable } from './fields.js';

export interface ScoreSetSpec {
  kind: string;
  scaleMin: number;
  scaleMax: number;
  /** Allowed dimension names; the six Lend an Ear dimensions when absent. */
  dimensions?: string[];
  provenance?: Record<string, unknown>;
}

/** Everything an importer produced, staged as text and not yet checked or written. */
export interface StagedStudy {
  format: string;
  source: string;
  fingerprint: string;
  tables: Partial<Record<StudyTable, StagedTable>>;
  /** Keyed by rater name as it appears in stage_scores.rater; the rater name is the score set id. */
  scoreSets: Record<string, ScoreSetSpec>;
  meta: Record<string, unknown>;
  skipped: { reason: string; count: number }[];
  /** Roles other than seeker/supporter that the source uses, mapped before checks (e.g. speaker -> seeker). */
  labelling?: string;
}
