import { randomBytes } from 'node:crypto';
import { UserError } from '../domain/errors.js';
import { scrubSecrets } from '../judge/keys.js';
import type { ApiErrorBody } from './contract/index.js';

/** The answer status of each user-facing error code; every other code is a 400. */
const STATUS_BY_CODE: ReadonlyMap<string, number> = new Map([
  ['not-found', 404],
  ['unknown-method', 404],
  ['busy', 409],
  ['no-study', 409],
]);

/** Where internal errors are written; tests swap it to capture them. */
export let internalErrorLog: (line: string) => void = (line) => process.stderr.write(line + '\n');
export function setInternalErrorLog(log: (line: string) => void): void {
  internalErrorLog = log;
}

/**
 * What a caller may read of a failure. A UserError (ImportError included) is about the caller's input
 * and says so. Anything else is our fault, and its text may hold SQL, file paths or DuckDB internals:
 * it goes to the log under a reference, and the caller gets only the reference.
 */
export function publicError(e: unknown): { status: number; body: ApiErrorBody } {
  if (e instanceof UserError) return { status: STATUS_BY_CODE.get(e.code) ?? 400, body: { error: e.message, code: e.code } };
  const ref = randomBytes(4).toString('hex');
  const detail = e instanceof Error ? e.stack ?? e.message : String(e);
  internalErrorLog(`[internal error ${ref}] ${scrubSecrets(detail)}`);
  return { status: 500, body: { error: `Internal error (reference ${ref}); the details are in the workbench log`, code: 'internal' } };
}

/** Maps a thrown error to what a transport sends. */
export const errorBody = publicError;
