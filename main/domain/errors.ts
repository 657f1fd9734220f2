// Typed errors a user can reach, mapped to transport answers in one place (main/api/errors.ts).
// Pure modules throw these (or their own classes); nothing on a user-reachable path throws a plain Error.

/**
 * What kind of failure it is, which decides the answer's status: 'not-found' → 404, 'busy' and
 * 'no-study' → 409, every other code → 400.
 */
export type UserErrorCode =
  | 'bad-request' | 'invalid-args' | 'not-found' | 'busy' | 'no-study' | 'unknown-method' | 'missing-table'
  | 'analysis-failed' | 'import-error' | 'no-key-store' | 'needs-key' | 'bad-regex' | (string & {});

/** A failure whose message is meant for the user: bad input, a missing table, a conflict. */
export class UserError extends Error {
  constructor(message: string, readonly code: UserErrorCode = 'bad-request') {
    super(message);
    this.name = 'UserError';
  }
}
