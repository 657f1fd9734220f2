import { useEffect, useMemo, useState } from 'react';
import type { JudgeElo } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { fmtInt, humanize } from '../api/format.js';
import { useDebounced } from '../api/useDebounced.js';

const SHOWN = 200;

/** A pairwise run's Elo ratings (start 1000, K 32) per conversation, by scenario, and its position bias. */
export function EloTable({ runId, progress }: { runId: string; progress: string }) {
  const api = useApi();
  const [elo, setElo] = useState<JudgeElo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scenario, setScenario] = useState('');
  const [all, setAll] = useState(false);
  // Refetch as answers arrive, but not on every one.
  const settled = useDebounced(progress, 800);

  useEffect(() => {
    let live = true;
    api.call('judge-elo', { runId }).then(
      (e) => { if (live) { setElo(e); setError(null); } },
      (e) => live && setError(errorMessage(e)),
    );
    return () => { live = false; };
  }, [api, runId, settled]);

  const scenarios = useMemo(() => [...new Set(elo?.ratings.map((r) => r.scenario ?? '') ?? [])].sort(), [elo]);
  const rows = useMemo(() => (elo?.ratings ?? [])
    .filter((r) => !scenario || (r.scenario ?? '') === scenario)
    .sort((a, b) => b.rating - a.rating || a.conversationId.localeCompare(b.conversationId)), [elo, scenario]);

  const bias = elo?.positionBias ?? null;
  return (
    <section className="card" data-testid="run-elo">
      <div className="row baseline gap wrap">
        <h2 className="grow">Elo ratings</h2>
        {elo && <span className="muted small" data-testid="elo-trials">{fmtInt(elo.trials)} comparisons · start 1000, K 32</span>}
        {scenarios.length > 1 && (
          <select className="input" value={scenario} onChange={(e) => setScenario(e.target.value)} aria-label="Scenario" data-testid="elo-scenario">
            <option value="">All scenarios</option>
            {scenarios.map((s) => <option key={s} value={s}>{s ? humanize(s) : '(none)'}</option>)}
          </select>
        )}
      </div>
      {error && <div className="alert alert-error">{error}</div>}
      {bias && (
        <p className="small" data-testid="elo-position-bias">
          Position bias: {fmtInt(bias.swappedPairs)} pairs asked both ways; the same conversation won in both orders in{' '}
          <strong>{bias.consistency != null ? `${Math.round(bias.consistency * 100)}%` : '—'}</strong> ({fmtInt(bias.consistent)}).
          {' '}“A” chosen in <strong>{bias.shareA != null ? `${Math.round(bias.shareA * 100)}%` : '—'}</strong> of all answers.
        </p>
      )}
      {!elo ? (!error && <p className="muted small">Loading…</p>) : rows.length === 0 ? (
        <p className="muted small" data-testid="elo-empty">No comparisons answered yet.</p>
      ) : (
        <>
          <div className="table-scroll elo-scroll">
            <table className="table" data-testid="elo-table">
              <thead><tr><th className="num">#</th><th>Conversation</th><th>Scenario</th><th className="num">Rating</th><th className="num">Comparisons</th><th className="num">Wins</th><th className="num">Win rate</th></tr></thead>
              <tbody>
                {(all ? rows : rows.slice(0, SHOWN)).map((r, i) => (
                  <tr key={r.conversationId} data-testid="elo-row" data-conversation-id={r.conversationId} data-rating={r.rating}>
                    <td className="num muted">{i + 1}</td>
                    <td className="mono">{r.conversationId}</td>
                    <td>{humanize(r.scenario)}</td>
                    <td className="num strong">{Math.round(r.rating)}</td>
                    <td className="num">{fmtInt(r.comparisons)}</td>
                    <td className="num">{fmtInt(r.wins)}</td>
                    <td className="num">{r.comparisons ? `${Math.round((100 * r.wins) / r.comparisons)}%` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length > SHOWN && !all && (
            <button className="link small top-gap" onClick={() => setAll(true)} data-testid="elo-show-all">Show all {fmtInt(rows.length)}</button>
          )}
        </>
      )}
    </section>
  );
}
