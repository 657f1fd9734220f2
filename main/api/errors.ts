import { UserError } from '../domain/errors.js';
import type { ApiErrorBody } from './contract.js';
import { ImportError } from '../import/import-error.js';

/** Maps a thrown error to what a transport sends: user-facing failures are 4xx with their message. */
export function errorBody(e: unknown): { status: number; body: ApiErrorBody } {
  if (e instanceof UserError) return { status: e.code === 'not-found' ? 404 : e.code === 'no-study' ? 409 : 400, body: { error: e.message, code: e.code } };
  if (e instanceof ImportError) return { status: 400, body: { error: e.message, code: 'import-error' } };
  const msg = e instanceof Error ? e.message : String(e);
  return { status: 500, body: { error: msg, code: 'internal' } };
}
