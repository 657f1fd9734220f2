import type { Db } from '../db/workspace.js';
import type { ImportFormat, ImportRequest } from '../api/contract/index.js';
import type { StagedStudy } from './staged-study.js';

export type ConcreteFormat = Exclude<ImportFormat, 'auto'>;

/** One source format: recognises its input and stages it as study-folder tables (see stage.ts). */
export interface Importer {
  format: ConcreteFormat;
  /** Cheap check on a path (file or folder) used by `--format auto`. */
  detect(path: string): boolean;
  stage(db: Db, request: ImportRequest, progress: (message: string) => void): Promise<StagedStudy>;
}
