// One rule for "how far along is it", so the header, the jobs list and a run's own page never disagree
// (issue 11 item 3: the header said 55 % while the run page said 60 %).
import type { JobInfo } from '../../main/api/contract/index.js';

/** Whole percent done, rounded down (100 % only when everything is done); null while the total is unknown. */
export function percentDone(done: number, total: number): number | null {
  if (!(total > 0)) return null;
  return Math.floor((100 * Math.min(Math.max(done, 0), total)) / total);
}

export const jobPercent = (job: JobInfo): number | null => percentDone(job.done, job.total);

export const isLiveJob = (job: JobInfo): boolean => job.state === 'running' || job.state === 'queued';
