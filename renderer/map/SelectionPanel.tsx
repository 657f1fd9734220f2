import { useState } from 'react';
import type { MapCodeScope, MapSelection } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { fmtInt, humanize } from '../api/format.js';
import { openInExplorer } from '../figures/explore-link.js';
import { download } from '../figures/export.js';
import { openSentence } from '../themes/open-sentence.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { CodeThese } from './CodeThese.js';

/** Sentences listed in the panel (the CSV export has them all). */
const SENTENCE_LIMIT = 200;

function Counts({ title, rows, testId }: { title: string; rows: { key: string; label: string; count: number }[]; testId: string }) {
  return (
    <table className="table small map-counts" data-testid={testId}>
      <thead><tr><th>{title}</th><th className="num">Sentences</th></tr></thead>
      <tbody>
        {rows.map((r) => <tr key={r.key} data-value={r.key}><td title={r.label}>{r.label}</td><td className="num">{fmtInt(r.count)}</td></tr>)}
      </tbody>
    </table>
  );
}

/**
 * The selected points: how many, in how many conversations, counts by theme and by condition, the first sentences
 * (each opens its conversation in the explorer with the sentence highlighted), all conversations in the explorer,
 * the selection as CSV, counts by code (when the map is coloured by code) and "code these".
 */
export function SelectionPanel({ projectionId, indices, themeModelId, codeScope, codeRevision, onCoded, conversationIds, onClear }: {
  projectionId: string; indices: number[]; themeModelId: string | null; conversationIds: () => string[]; onClear: () => void;
  codeScope: MapCodeScope | null;
  /** Bumped after every "code these" (and its undo), so the counts by code refetch. */
  codeRevision: number; onCoded: () => void;
}) {
  const api = useApi();
  const sel = useApiQuery('map-selection', {
    projectionId, indices, themeModelId: themeModelId ?? undefined, limit: SENTENCE_LIMIT, ...(codeScope ? { codes: codeScope } : {}),
  }, codeRevision);
  const [error, setError] = useState<string | null>(null);
  const exportCsv = async () => {
    setError(null);
    try {
      const out = await api.call('map-selection-export', { projectionId, indices, themeModelId: themeModelId ?? undefined });
      download(out.filename, new Blob([out.csv], { type: 'text/csv' }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const data: MapSelection | null = sel.data;
  return (
    <aside className="map-selection card" data-testid="map-selection" data-count={data?.count ?? ''} aria-label="Selection">
      <div className="row gap">
        <h2 className="grow">Selection</h2>
        <button className="btn-icon" onClick={onClear} title="Clear the selection (Esc)" data-testid="map-selection-clear">×</button>
      </div>
      {sel.error && <div className="alert alert-error">{sel.error}</div>}
      {!data ? <div className="center-state"><div className="spinner" /> Reading the selection…</div> : (
        <div className={sel.loading ? 'stale' : undefined}>
          <p data-testid="map-selection-summary">
            <strong data-testid="map-selection-count">{fmtInt(data.count)}</strong> sentences in <strong>{fmtInt(data.conversations)}</strong> conversations
          </p>
          <div className="row gap wrap">
            <button className="btn btn-small" onClick={() => openInExplorer({ conversationIds: conversationIds() }, `map selection (${fmtInt(data.count)} sentences)`)}
              data-testid="map-selection-open-all">Open conversations</button>
            <button className="btn btn-small" onClick={() => void exportCsv()} data-testid="map-selection-export">Export CSV</button>
          </div>
          {error && <div className="alert alert-error top-gap">{error}</div>}
          <div className="map-counts-row top-gap">
            {data.byTheme.length > 0 && (
              <Counts title="Theme" testId="map-selection-by-theme"
                rows={data.byTheme.map((t) => ({ key: t.value ?? '', label: t.value == null ? '(none)' : t.label ? `${t.value} ${t.label}` : t.value, count: t.count }))} />
            )}
            <Counts title="Condition" testId="map-selection-by-condition"
              rows={data.byCondition.map((c) => ({ key: c.value ?? '', label: c.value == null ? '(none)' : humanize(c.value), count: c.count }))} />
            {data.byCode.length > 0 && (
              <Counts title="Code" testId="map-selection-by-code"
                rows={data.byCode.map((c) => ({ key: c.codeId ?? '', label: c.path ?? '(uncoded)', count: c.count }))} />
            )}
          </div>
          <CodeThese projectionId={projectionId} indices={indices} count={data.count} revision={codeRevision} onCoded={onCoded} />
          <h3 className="top-gap">Sentences{data.count > data.sentences.length ? ` (first ${fmtInt(data.sentences.length)})` : ''}</h3>
          <ol className="map-sentences" data-testid="map-selection-sentences">
            {data.sentences.map((s) => (
              <li key={s.index} data-testid="map-selection-sentence" data-index={s.index}>
                <span className="map-sentence-text">{s.text}</span>
                <span className="muted small"> {s.condition ?? '—'} · round {s.round ?? '—'}{s.theme ? ` · ${s.theme}` : ''}{s.codes?.length ? ` · ${s.codes.join(', ')}` : ''} </span>
                <button className="link small" data-testid="map-open-sentence" data-conversation-id={s.conversationId} data-turn={s.turn}
                  data-sentence-index={s.sentenceIndex} onClick={() => openSentence({ conversationId: s.conversationId, turn: s.turn, sentenceIndex: s.sentenceIndex })}>
                  open conversation
                </button>
              </li>
            ))}
          </ol>
        </div>
      )}
    </aside>
  );
}
