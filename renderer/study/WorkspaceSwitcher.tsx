import { useState } from 'react';
import { useAction } from '../api/useAction.js';
import { useStudy } from './StudyContext.js';

/** The open workspace, and a way to open (or create) another one or go back to the demo. */
export function WorkspaceSwitcher() {
  const study = useStudy();
  const [path, setPath] = useState('');
  const { busy, error: err, run } = useAction();

  const open = () => run(async () => {
    await study.openPath(path.trim());
    setPath('');
  });

  return (
    <section className="card" data-testid="workspace-switcher">
      <h2>Workspace</h2>
      <p className="small">
        Importing into <span className="mono" data-testid="workspace-path">{study.info?.path ?? '—'}</span>
        {study.info && <> · {study.info.conversations.toLocaleString('en-US')} conversations</>}
      </p>
      {study.info?.simulated && (
        <div className="alert alert-warn" data-testid="import-into-simulated">
          This is the <strong>simulated</strong> demo workspace. Data imported here would sit beside simulated data under a
          simulated label. To work with real data, open a new workspace first (a new file is created).
        </div>
      )}
      <form className="row gap" onSubmit={(e) => { e.preventDefault(); if (path.trim()) void open(); }}>
        <input className="input grow mono" placeholder="/path/to/new-or-existing.duckdb" value={path} onChange={(e) => setPath(e.target.value)}
          data-testid="workspace-open-path" aria-label="Workspace file" spellCheck={false} />
        <button className="btn" type="submit" disabled={busy || !path.trim()} data-testid="workspace-open">Open workspace</button>
        {!study.info?.simulated && <button className="btn" type="button" onClick={() => void study.openDemo()} data-testid="workspace-demo">Open the demo</button>}
      </form>
      {err && <div className="alert alert-error top-gap">{err}</div>}
    </section>
  );
}
