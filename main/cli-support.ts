// What every `workbench` subcommand shares: a usage error, number flags, and the exit code for a failure.
import { UserError } from './domain/errors.js';
import { JobRunner } from './jobs/runner.js';
import type { JobInfo } from './api/contract/index.js';

/** A mistake in the command line itself: printed with the usage text, exit code 2. */
export class CliError extends Error {}

/** A whole-number flag, or undefined when it was not given. */
export function intFlag(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new CliError(`--${name} must be a whole number`);
  return n;
}

/** A numeric flag, or undefined when it was not given. */
export function numberFlag(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new CliError(`--${name} must be a number`);
  return n;
}

/**
 * Prints a failure the way every subcommand does and returns its exit code: a command-line mistake with
 * the usage (2), a refusal about the data or settings (1). Anything else is a bug and is rethrown.
 */
export function reportCliFailure(command: string, usage: string, e: unknown): number {
  if (e instanceof CliError) {
    process.stderr.write(`${command}: ${e.message}\n\n${usage}`);
    return 2;
  }
  if (e instanceof UserError) {
    process.stderr.write(`${command}: ${e.message}\n`);
    return 1;
  }
  throw e;
}

/** A job runner for a CLI command: each running job's progress on one rewritten stderr line (none when quiet). */
export function cliJobRunner(quiet: boolean): JobRunner {
  return new JobRunner((info: JobInfo) => {
    if (!quiet && info.state === 'running') process.stderr.write(`\r${info.message} (${info.done}/${info.total})`.slice(0, 160).padEnd(100));
  });
}
