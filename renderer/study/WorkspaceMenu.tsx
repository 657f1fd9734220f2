import { useEffect, useRef, useState } from 'react';
import type { RecentWorkspaces } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { useAction } from '../api/useAction.js';
import { useStudy } from './StudyContext.js';

/**
 * The header's workspace switcher: the open study's name opens a menu of recent workspaces, the simulated
 * demo, and a path box to open or create another. The backend keeps the list, so browser mode and the
 * desktop app show the same one, and the last workspace opens again at the next start.
 */
export function WorkspaceMenu() {
  const api = useApi();
  const study = useStudy();
  const [open, setOpen] = useState(false);
  const [recent, setRecent] = useState<RecentWorkspaces | null>(null);
  const [path, setPath] = useState('');
  const { busy, error: err, setError: setErr, run } = useAction();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    api.call('study-recent', undefined).then((r) => live && setRecent(r), (e) => live && setErr(errorMessage(e)));
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    const onClick = (e: MouseEvent) => { if (box.current && !box.current.contains(e.target as Node)) setOpen(false); };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onClick);
    return () => {
      live = false;
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onClick);
    };
  }, [api, open, study.info?.path]);

  const go = (action: () => Promise<void>) => run(async () => {
    await action();
    setOpen(false);
    setPath('');
  });
  const forget = async (p: string | null) => setRecent(await api.call('study-recent-forget', { path: p }));
  const others = recent?.recent.filter((r) => r.path !== study.info?.path) ?? [];

  return (
    <div className="workspace-menu" ref={box}>
      <button className="study-name-button" onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-haspopup="menu"
        title={study.info ? `${study.info.path} — switch workspace` : 'Open a workspace'} data-testid="workspace-menu-button">
        <span className="study-name" data-testid="study-name">{study.info?.name ?? 'No study open'}</span>
        <span className="caret" aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="workspace-popover" role="menu" data-testid="workspace-menu">
          {study.info && <p className="small muted mono current-path" title={study.info.path}>{study.info.path}</p>}
          <div className="section-title">Recent</div>
          {!recent ? <p className="small muted">Loading…</p> : others.length === 0 ? <p className="small muted" data-testid="workspace-recent-empty">No other workspaces opened yet.</p> : (
            <ul className="recent-list">
              {others.map((r) => (
                <li key={r.path} className={r.exists ? '' : 'missing'}>
                  <button role="menuitem" className="recent-item" disabled={busy || !r.exists} onClick={() => void go(() => study.openPath(r.path))}
                    data-testid="workspace-recent" data-path={r.path} title={r.exists ? r.path : `${r.path} no longer exists`}>
                    <span className="recent-name">{r.name}</span>
                    <span className="recent-path mono small muted">{r.exists ? r.path : 'file is gone'}</span>
                  </button>
                  <button className="btn-icon small" aria-label={`Forget ${r.name}`} title="Remove from this list (the file stays)" onClick={() => void forget(r.path)}>×</button>
                </li>
              ))}
            </ul>
          )}
          {others.length > 1 && <button className="link small" onClick={() => void forget(null)} data-testid="workspace-recent-clear">Clear the list</button>}
          {!study.info?.simulated && (
            <button role="menuitem" className="btn full top-gap" disabled={busy} onClick={() => void go(() => study.openDemo())} data-testid="workspace-menu-demo">
              Open the simulated demo study
            </button>
          )}
          <form className="row gap top-gap" onSubmit={(e) => { e.preventDefault(); if (path.trim()) void go(() => study.openPath(path.trim())); }}>
            <input className="input grow mono" placeholder="/path/to/new-or-existing.duckdb" value={path} onChange={(e) => setPath(e.target.value)}
              aria-label="Workspace file to open or create" spellCheck={false} data-testid="workspace-menu-path" autoFocus />
            <button className="btn" type="submit" disabled={busy || !path.trim()} data-testid="workspace-menu-open">Open</button>
          </form>
          {err && <div className="alert alert-error top-gap" role="alert">{err}</div>}
        </div>
      )}
    </div>
  );
}
