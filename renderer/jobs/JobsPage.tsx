import { JobProgress } from './JobProgress.js';
import { useJobs } from './JobsContext.js';

function duration(j: { startedAt: string; finishedAt: string | null }): string {
  const end = j.finishedAt ? Date.parse(j.finishedAt) : Date.now();
  const s = (end - Date.parse(j.startedAt)) / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function JobsPage() {
  const { jobs, cancel, error } = useJobs();
  return (
    <div className="page" data-testid="jobs-page">
      <div className="page-head">
        <h1>Jobs</h1>
        <p className="muted">Long operations (imports, and later judge runs, training and projections) run as jobs in the backend. They report progress here and can be cancelled.</p>
      </div>
      {error && <div className="alert alert-error">{error}</div>}
      {jobs.length === 0 ? (
        <div className="empty" data-testid="jobs-empty">No jobs have run in this session.</div>
      ) : (
        <div className="card">
          <table className="table jobs-table">
            <thead>
              <tr><th>Job</th><th style={{ width: '45%' }}>Progress</th><th>Started</th><th>Duration</th></tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id}>
                  <td className="mono">{j.id}</td>
                  <td><JobProgress job={j} onCancel={cancel} /></td>
                  <td>{new Date(j.startedAt).toLocaleTimeString()}</td>
                  <td>{duration(j)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
