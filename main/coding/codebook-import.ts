// Codebook import: a REFI-QDA .qdc (or .qde) or our JSON export. Codes are matched by path; the missing ones
// are added with their colour and description, existing ones are left as they are.
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { PathIndex } from './paths.js';
import { parseCodebookXml } from './refi-qda.js';
import type { Op } from './tables.js';
import type { TransferProgress } from './transfer-progress.js';

interface JsonCode { path: string; color?: string; definition?: string; inclusion?: string; exclusion?: string; examples?: string[] }

function parseJsonCodebook(content: string): JsonCode[] {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (e) {
    throw new UserError(`The codebook is not valid JSON (${(e as Error).message.replace(/ in JSON at.*$/, '')})`, 'import-error');
  }
  const codes = (doc as { codes?: unknown }).codes;
  if (!Array.isArray(codes)) throw new UserError('A JSON codebook has a "codes" array (as the JSON export writes)', 'import-error');
  return codes.map((c, i) => {
    const x = c as JsonCode;
    if (typeof x?.path !== 'string' || !x.path.trim()) throw new UserError(`codes[${i}].path: a code path is required`, 'import-error');
    if (x.color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(String(x.color))) throw new UserError(`codes[${i}].color: "${String(x.color)}" is not a colour like #1f77b4`, 'import-error');
    if (x.examples !== undefined && !(Array.isArray(x.examples) && x.examples.every((e) => typeof e === 'string'))) throw new UserError(`codes[${i}].examples: a list of texts`, 'import-error');
    return x;
  });
}

export async function importCodebook(db: Db, format: 'qdc' | 'json', content: string, job?: TransferProgress): Promise<{ ops: Op[]; result: { created: number; existing: number } }> {
  job?.progress(0, 2, 'Reading the codebook');
  const codes = format === 'qdc' ? parseCodebookXml(content).map((c) => ({ path: c.path, color: c.color ?? undefined, definition: c.definition })) : parseJsonCodebook(content);
  if (codes.length === 0) throw new UserError('The codebook has no codes', 'import-error');
  job?.checkCancelled();
  job?.progress(1, 2, `Adding ${codes.length} codes`);
  const index = await PathIndex.load(db);
  let existing = 0;
  for (const c of codes) {
    if (index.find(c.path)) existing++;
    else index.ensure(c.path, c);
  }
  job?.progress(2, 2, 'Saving');
  return { ops: index.ops, result: { created: index.created, existing } };
}
