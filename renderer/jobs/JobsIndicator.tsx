import { useEffect, useRef, useState } from 'react';
import { jobPercent } from './job-percent.js';
import { JobProgress } from './JobProgress.js';
import { useJobs } from './JobsContext.js';

/** Header widget: how many jobs are running, with their progress and Cancel in a drop-down. */
export function JobsIndicator({ onShowAll }: { onShowAll: () => void }) {
  const { running, cancel } = useJobs();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);

  // A percentage only when one job runs: with several, one job's number in the header would read as the total.
  const pct = running.length === 1 ? jobPercent(running[0]) : null;
  return (
    <div className="jobs-indicator" ref={ref}>
      <button
        className={'jobs-button' + (running.length ? ' busy' : '')}
        onClick={() => setOpen((o) => !o)}
        data-testid="jobs-indicator"
        data-running={running.length}
        data-percent={pct ?? undefined}
        data-job-kind={running.length === 1 ? running[0].kind : undefined}
        title={running.length ? `${running.length} job(s) running` : 'No jobs running'}
      >
        {running.length ? <span className="spinner small" /> : <span className="dot-idle" />}
        {running.length ? `${running.length} running${pct != null ? ` · ${pct}%` : ''}` : 'Jobs idle'}
        {running.length > 0 && (
          <span className="mini-progress"><span style={{ width: `${pct ?? 30}%` }} /></span>
        )}
      </button>
      {open && (
        <div className="popover jobs-popover" data-testid="jobs-popover">
          {running.length === 0 ? (
            <p className="muted">No jobs are running.</p>
          ) : (
            running.map((j) => <JobProgress key={j.id} job={j} onCancel={cancel} compact />)
          )}
          <button className="link" onClick={() => { setOpen(false); onShowAll(); }}>All jobs →</button>
        </div>
      )}
    </div>
  );
}
