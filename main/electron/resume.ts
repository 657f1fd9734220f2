// What to offer when a workspace opens with work cut short: judge runs the backend marked 'interrupted'
// and imports still in the journal. Pure: the session shows the offer and carries out the choice.
import { basename } from 'node:path';
import type { PendingImport } from './import-journal.js';

/** The fields of a judge run summary the offer reads. */
export interface RunLike { runId: string; state: string; label: string | null; mode: string; answered: number; total: number }

export interface ResumeOffer {
  runs: RunLike[];
  imports: PendingImport[];
  /** The dialog's message and detail. */
  message: string;
  detail: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function importSource(p: PendingImport): string {
  const path = (p.request as { path?: unknown } | null)?.path;
  return typeof path === 'string' ? basename(path) : p.jobId;
}

/**
 * The offer for this workspace, or null when there is nothing to resume. Runs the user already
 * declined in this session (`declined`) are not offered again until the app restarts.
 */
export function resumeOffer(runs: readonly RunLike[], imports: readonly PendingImport[], declined: ReadonlySet<string> = new Set()): ResumeOffer | null {
  const r = runs.filter((x) => x.state === 'interrupted' && !declined.has(x.runId));
  const i = [...imports];
  if (!r.length && !i.length) return null;
  const parts = [r.length ? plural(r.length, 'judge run', 'judge runs') : '', i.length ? plural(i.length, 'import', 'imports') : ''].filter(Boolean);
  const lines = [
    ...r.map((x) => `Judge run ${x.label ?? x.runId} (${x.mode}): ${x.answered} of ${x.total} answered`),
    ...i.map((x) => `Import of ${importSource(x)}, started ${x.startedAt.slice(0, 16).replace('T', ' ')}`),
  ];
  return {
    runs: r,
    imports: i,
    message: `${parts.join(' and ')} ${r.length + i.length === 1 ? 'was' : 'were'} interrupted. Resume?`,
    detail: `${lines.join('\n')}\n\nJudge runs continue where they stopped; answers already received are kept. Imports start again from the beginning (nothing of them was written).`,
  };
}
