import { z } from 'zod';
import { method, text } from './define.js';
import type { TableName } from './study.js';

export const IMPORT_FORMATS = ['study', 'lend-an-ear', 'esconv', 'epitome', 'mapped', 'auto'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export type ImportMode = 'refuse' | 'replace' | 'append';

export const ImportRequestSchema = z.strictObject({
  path: text,
  format: z.enum(IMPORT_FORMATS),
  /** source column -> study field, e.g. {"dialogue_id": "conversation_id"}; implies format 'mapped' */
  map: z.record(z.string(), z.string()).optional(),
  /** Default 'refuse': importing the same source twice is an error. */
  mode: z.enum(['refuse', 'replace', 'append']).optional(),
});
export type ImportRequest = z.infer<typeof ImportRequestSchema>;

export interface ImportPreview {
  format: Exclude<ImportFormat, 'auto'>;
  files: { file: string; table: string; columns: string[]; rows: Record<string, unknown>[] }[];
  willCreate: Partial<Record<TableName, number>>;
  warnings: string[];
  /** A previous import of the same source, or overlapping conversation ids. */
  conflict: string | null;
}
export interface ImportReport {
  importId: string;
  format: string;
  source: string;
  rows: Partial<Record<TableName, number>>;
  skipped: { reason: string; count: number }[];
  scoreSets: string[];
  replaced: string | null;
  elapsedMs: number;
}

export const importMethods = {
  'import-preview': method(ImportRequestSchema).returns<ImportPreview>(),
  'import-start': method(ImportRequestSchema).returns<{ jobId: string }>(),
};
