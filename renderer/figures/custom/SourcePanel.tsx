// Where a custom figure's data come from: a read-only query (run in the SQL console's sandbox) or the explorer's
// conversations for a filter, with one score set's scores as columns. Editing the query fetches on Run, not per key.
import { useEffect, useState } from 'react';
import type { ConversationFilter, CustomFigureData, CustomFigureSource } from '../../../main/api/contract/index.js';
import { useStudy } from '../../study/StudyContext.js';
import { openInExplorer } from '../explore-link.js';

/** A short account of a filter: "conditions coach, video · round 1 · 3 ids". */
function describeFilter(f: ConversationFilter): string {
  const parts: string[] = [];
  if (f.conditions?.length) parts.push(`conditions ${f.conditions.join(', ')}`);
  if (f.scenarios?.length) parts.push(`scenarios ${f.scenarios.join(', ')}`);
  if (f.scenarioTypes?.length) parts.push(`scenario types ${f.scenarioTypes.join(', ')}`);
  if (f.rounds?.length) parts.push(`round ${f.rounds.join(', ')}`);
  if (f.participant) parts.push(`participant ${f.participant}`);
  if (f.conversationIds?.length) parts.push(`${f.conversationIds.length} chosen conversations`);
  if (f.search?.text.trim()) parts.push(`${f.search.mode === 'regex' ? 'matching' : 'containing'} “${f.search.text}”`);
  if (f.scoreRanges?.length) parts.push(`${f.scoreRanges.length} score filter${f.scoreRanges.length > 1 ? 's' : ''}`);
  if (f.scoredIn) parts.push(`scored in ${f.scoredIn}`);
  return parts.join(' · ') || 'every conversation';
}

export function SourcePanel({ source, data, state, onSource }: {
  source: CustomFigureSource; data: CustomFigureData | null; state: { loading: boolean; error: string | null };
  onSource: (s: CustomFigureSource) => void;
}) {
  const { info } = useStudy();
  const [sql, setSql] = useState(source.kind === 'sql' ? source.sql : '');
  useEffect(() => { if (source.kind === 'sql') setSql(source.sql); }, [source]);
  const run = () => { if (sql.trim()) onSource({ kind: 'sql', sql }); };
  const status = state.loading
    ? 'Loading data…'
    : data ? `${data.rows.length.toLocaleString()} row${data.rows.length === 1 ? '' : 's'} · ${data.columns.length} columns${data.truncated ? ' (cut; the figure draws the first rows)' : ''}` : '';
  return (
    <div className="fig-card cf-source" data-testid="cf-source" data-kind={source.kind}>
      <div className="row gap cf-source-head">
        <strong>Data</strong>
        <button className={'chip' + (source.kind === 'sql' ? ' on' : '')} onClick={() => source.kind !== 'sql' && onSource({ kind: 'sql', sql: sql || 'SELECT * FROM conversation_stats LIMIT 1000' })} data-testid="cf-source-sql">Query</button>
        <button className={'chip' + (source.kind === 'explorer' ? ' on' : '')} onClick={() => source.kind !== 'explorer' && onSource({ kind: 'explorer', filter: {}, scoreSetId: info?.scoreSets[0]?.id ?? null })} data-testid="cf-source-explorer">Explorer selection</button>
        <span className="grow" />
        <span className="muted small" data-testid="cf-data-status">{status}</span>
      </div>
      {source.kind === 'sql' ? (
        <div className="cf-sql">
          <textarea className="sql-editor cf-sql-editor" spellCheck={false} value={sql} aria-label="Query" data-testid="cf-sql"
            onChange={(e) => setSql(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } }} />
          <button className="btn btn-small" onClick={run} disabled={state.loading || !sql.trim()} title="Ctrl/⌘-Enter" data-testid="cf-run">Run query</button>
          <span className="faint small"> Read-only, like the SQL console; the saved figure keeps this query and runs it again each time.</span>
        </div>
      ) : (
        <div className="row gap cf-explorer">
          <span data-testid="cf-filter">Conversations: {describeFilter(source.filter)}</span>
          <label className="row gap small">Scores of
            <select className="input" value={source.scoreSetId ?? ''} onChange={(e) => onSource({ ...source, scoreSetId: e.target.value || null })} data-testid="cf-score-set">
              <option value="">(none)</option>
              {info?.scoreSets.map((s) => <option key={s.id} value={s.id}>{s.label ?? s.id}</option>)}
            </select>
          </label>
          <button className="btn btn-small" onClick={() => openInExplorer(source.filter, 'from a custom figure', source.scoreSetId ?? undefined)}>Open in the explorer</button>
        </div>
      )}
      {state.error && <div className="alert alert-error" data-testid="cf-data-error">{state.error}</div>}
    </div>
  );
}
