// The event log, newest first: every edit of every coder, undo and redo included; undone events are struck through.
import { useState } from 'react';
import { useApiQuery } from '../themes/useApiQuery.js';
import { useCoding } from './CodingContext.js';

const PAGE = 200;

export function HistoryView() {
  const { coder, revision } = useCoding();
  const [mine, setMine] = useState(false);
  const history = useApiQuery('coding-history', { coder: mine && coder ? coder : undefined, limit: PAGE }, revision);
  return (
    <section className="card" data-testid="coding-history">
      <div className="row gap baseline">
        <h2 className="grow">History</h2>
        <label className="check small"><input type="checkbox" checked={mine} disabled={!coder} onChange={(e) => setMine(e.target.checked)} /> only {coder ?? 'mine'}</label>
      </div>
      <p className="muted small">Every edit is an event in the workspace's append-only log; undo and redo are events too, and survive restarts.</p>
      {history.error && <div className="alert alert-error">{history.error}</div>}
      {history.data && history.data.events.length === 0 && <p className="muted">No edits yet.</p>}
      {history.data && history.data.events.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead><tr><th className="num">#</th><th>When</th><th>Coder</th><th>What</th><th>Edit</th></tr></thead>
            <tbody>
              {history.data.events.map((e) => (
                <tr key={e.seq} className={e.undone ? 'undone' : undefined} data-testid="history-event" data-kind={e.kind} data-undone={e.undone ? 'true' : undefined}>
                  <td className="num">{e.seq}</td>
                  <td className="nowrap small">{new Date(e.at).toLocaleString()}</td>
                  <td>{e.coder}</td>
                  <td className="mono small">{e.kind}{e.targetSeq != null ? ` #${e.targetSeq}` : ''}</td>
                  <td className="small">{e.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
