import { useState } from 'react';
import { useAction } from '../api/useAction.js';
import { useStudy } from './StudyContext.js';

/** Shown when no study is open (or the backend cannot be reached): open the demo or a workspace file. */
export function NoStudy() {
  const study = useStudy();
  const [path, setPath] = useState('');
  const { busy, error: err, run } = useAction();
  // Both mean this page cannot reach the study: no backend, or (browser mode) no launch token.
  const unauthorized = study.error?.code === 'unauthorized';
  const unreachable = study.error?.code === 'unreachable' || unauthorized;

  const open = () => run(() => study.openPath(path.trim()));

  return (
    <div className="center-state" data-testid="no-study">
      <div className="card narrow">
        <h1>{unauthorized ? 'This page needs the workbench link' : unreachable ? 'The backend is not reachable' : 'No study is open'}</h1>
        {study.error && <p className={unreachable ? 'alert alert-error' : 'muted'}>{study.error.message}</p>}
        {!unreachable && (
          <>
            <p>Open the built-in simulated Lend an Ear study to explore the workbench, or open a workspace (<code>.duckdb</code> file).</p>
            <div className="row gap">
              <button className="btn btn-primary" onClick={() => void study.openDemo()} disabled={study.loading} data-testid="open-demo">
                {study.loading ? 'Opening…' : 'Open the simulated demo study'}
              </button>
            </div>
            <form className="row gap top-gap" onSubmit={(e) => { e.preventDefault(); if (path.trim()) void open(); }}>
              <input className="input grow" placeholder="/path/to/workspace.duckdb" value={path} onChange={(e) => setPath(e.target.value)} data-testid="open-path" />
              <button className="btn" disabled={busy || !path.trim()} type="submit">Open workspace</button>
            </form>
            {err && <div className="alert alert-error top-gap">{err}</div>}
          </>
        )}
        {unreachable && !unauthorized && <button className="btn" onClick={() => void study.refresh()}>Retry</button>}
      </div>
    </div>
  );
}
