import type { JobInfo } from '../../main/api/contract/index.js';
import { isLiveJob, jobPercent } from './job-percent.js';

/** One job: its message, a progress bar (indeterminate while the total is unknown) and Cancel. */
export function JobProgress({ job, onCancel, compact = false }: { job: JobInfo; onCancel?: (id: string) => void; compact?: boolean }) {
  const live = isLiveJob(job);
  const pct = jobPercent(job);
  return (
    <div className={`job job-${job.state}${compact ? ' compact' : ''}`} data-testid="job" data-job-id={job.id} data-state={job.state}>
      <div className="job-line">
        <span className="job-kind">{job.kind}</span>
        <span className="job-message" title={job.message}>{job.state === 'failed' ? job.error ?? 'Failed' : job.message}</span>
        <span className="job-pct">{live ? (pct != null ? `${pct}%` : '') : job.state}</span>
        {live && onCancel && (
          <button className="btn btn-small" onClick={() => onCancel(job.id)} data-testid="job-cancel">Cancel</button>
        )}
      </div>
      <div className={'progress' + (live && pct == null ? ' indeterminate' : '')} role="progressbar"
        aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}>
        <div className="progress-bar" style={{ width: `${live ? pct ?? 30 : 100}%` }} />
      </div>
    </div>
  );
}
