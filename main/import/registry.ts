import { statSync } from 'node:fs';
import type { Db } from '../db/workspace.js';
import type { ImportRequest } from '../api/contract/index.js';
import { ImportError } from './import-error.js';
import type { ConcreteFormat, Importer } from './importer.js';
import { isStudyFolder, stageStudyFolder } from './study-folder.js';

const studyFolder: Importer = {
  format: 'study',
  detect: (path) => isDir(path) && isStudyFolder(path),
  stage: (db: Db, req: ImportRequest, progress) => stageStudyFolder(db, req.path, (t) => progress(`Reading ${t}`)),
};

const importers: Importer[] = [studyFolder];

/** Adds a format; detection tries formats in registration order, the study folder first. */
export function registerImporter(i: Importer): void {
  if (!importers.some((x) => x.format === i.format)) importers.push(i);
}

export function importerFor(req: ImportRequest): Importer {
  try {
    statSync(req.path);
  } catch {
    throw new ImportError('no such file or folder', { file: req.path });
  }
  const format = req.map && (req.format === 'auto' || !req.format) ? 'mapped' : req.format;
  if (format && format !== 'auto') {
    const i = importers.find((x) => x.format === format);
    if (!i) throw new ImportError(`unknown import format "${format}" (known: ${importers.map((x) => x.format).join(', ')})`);
    return i;
  }
  const found = importers.find((x) => x.format !== 'mapped' && safeDetect(x, req.path));
  if (!found) {
    throw new ImportError(
      `cannot tell the format; pass --format (${importers.map((x) => x.format).join('|')}) or a column mapping`,
      { file: req.path },
    );
  }
  return found;
}

export function knownFormats(): ConcreteFormat[] {
  return importers.map((i) => i.format);
}

function safeDetect(i: Importer, path: string): boolean {
  try { return i.detect(path); } catch { return false; }
}

export function isDir(path: string): boolean {
  try { return statSync(path).isDirectory(); } catch { return false; }
}
