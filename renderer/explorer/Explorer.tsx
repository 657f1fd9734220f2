import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConversationQuery, ConversationRow, SortKey } from '../../main/api/contract/index.js';
import { PRESCRIPTIVE, PROSCRIPTIVE } from '../../main/domain/study.js';
import { fmtInt } from '../api/format.js';
import { useDebounced } from '../api/useDebounced.js';
import { useStudy } from '../study/StudyContext.js';
import { buildColumns } from './columns.js';
import { ConversationList, type ListHandle } from './ConversationList.js';
import { clearFilters, fromFigureFilter, initialExplorerState, toQuery, type ExplorerState } from './explorer-state.js';
import { onExploreRequest } from '../figures/explore-link.js';
import { onOpenSentence, type SentenceRef } from '../themes/open-sentence.js';
import { ExportButton } from './ExportButton.js';
import { PlotButton } from '../figures/custom/PlotButton.js';
import { FilterPanel } from './FilterPanel.js';
import { ListStatus } from './ListStatus.js';
import { SearchBox } from './SearchBox.js';
import { TranscriptView } from './TranscriptView.js';
import { usePagedConversations } from './usePagedConversations.js';
import { useExplorerKeys } from './useExplorerKeys.js';
import { explorerStateFromSearch, explorerStateToSearch, hashSearch } from './explorer-url.js';

const DEBOUNCE_MS = 220;

type ListQuery = Omit<ConversationQuery, 'offset' | 'limit'>;

/** The settled query lags the study by the debounce; never send a score set the open study lacks. */
function withKnownScoreSet(q: ListQuery, known: string[]): ListQuery {
  if (!q.scoreSetId || known.includes(q.scoreSetId)) return q;
  const { scoreRanges: _drop, ...filter } = q.filter;
  const scoreSort = q.sort && (q.sort.key === 'overall' || q.sort.key.startsWith('score:'));
  return { ...q, filter, scoreSetId: null, sort: scoreSort ? { key: 'conversation_id', dir: 'asc' } : q.sort };
}

export function Explorer({ active }: { active: boolean }) {
  const { info, revision } = useStudy();
  // A link (or a reload) restores the view it names; otherwise the defaults.
  const [fromUrl] = useState(() => {
    const search = hashSearch('conversations');
    return search === null ? null : explorerStateFromSearch(search);
  });
  const [state, setState] = useState<ExplorerState>(() => (fromUrl
    ? { ...fromUrl.state, scoreSetId: fromUrl.scoreSetGiven ? fromUrl.state.scoreSetId : info?.scoreSets[0]?.id ?? null }
    : { ...initialExplorerState, scoreSetId: info?.scoreSets[0]?.id ?? null }));
  const [selectedId, setSelectedId] = useState<string | null>(fromUrl?.openId ?? null);
  // The view goes back into the URL as it changes (replaceState: no history entry per keystroke).
  useEffect(() => {
    if (!active) return;
    const search = explorerStateToSearch(state, selectedId);
    const hash = `#/conversations${search ? `?${search}` : ''}`;
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }, [active, state, selectedId]);
  const [cursor, setCursor] = useState(-1);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<ListHandle>(null);

  // Another workspace: start afresh. The same one re-imported: keep the selection, fix the score set.
  const path = info?.path ?? null;
  const [shownPath, setShownPath] = useState(path);
  if (path !== shownPath) {
    setShownPath(path);
    setSelectedId(null);
    setCursor(-1);
    setState({ ...initialExplorerState, scoreSetId: info?.scoreSets[0]?.id ?? null });
  }
  useEffect(() => {
    if (!info) return;
    setState((s) => (s.scoreSetId && info.scoreSets.some((x) => x.id === s.scoreSetId)
      ? s
      : { ...s, scoreSetId: info.scoreSets[0]?.id ?? null, ranges: {}, sort: { key: 'conversation_id', dir: 'asc' } }));
  }, [info]);
  // Never ask for a score set the open study does not have (the state catches up one render later).
  const validSet = !state.scoreSetId || !!info?.scoreSets.some((x) => x.id === state.scoreSetId);
  const effective = validSet ? state : { ...state, scoreSetId: null, ranges: {}, sort: { key: 'conversation_id' as const, dir: 'asc' as const } };

  // A click on a figure mark opens its conversations here (renderer/figures).
  useEffect(() => onExploreRequest(({ filter, label, scoreSetId }) => {
    setSelectedId(null);
    setState((s) => fromFigureFilter(s, filter, label, scoreSetId));
  }), []);
  // A sentence opened from a theme (renderer/themes): its conversation, that sentence highlighted.
  const [highlight, setHighlight] = useState<SentenceRef | null>(null);
  useEffect(() => onOpenSentence((ref) => {
    setHighlight(ref);
    setSelectedId(ref.conversationId);
  }), []);

  const update = useCallback((patch: Partial<ExplorerState> | ((s: ExplorerState) => Partial<ExplorerState>)) => {
    setState((s) => ({ ...s, ...(typeof patch === 'function' ? patch(s) : patch) }));
  }, []);

  // Filter edits settle for a moment before a query goes out; the JSON form keeps the value stable.
  const settledJson = useDebounced(JSON.stringify(toQuery(effective)), DEBOUNCE_MS);
  const query = useMemo(() => withKnownScoreSet(JSON.parse(settledJson), info?.scoreSets.map((x) => x.id) ?? []), [settledJson, info]);
  const paged = usePagedConversations(query, revision);

  useEffect(() => setCursor(-1), [paged.shownKey]);

  const set = info?.scoreSets.find((s) => s.id === query.scoreSetId) ?? null;
  const hasOverall = !!set && [...PRESCRIPTIVE, ...PROSCRIPTIVE].every((d) => set.dimensions.includes(d));
  const hasConditions = !!info?.conditions.length;
  const hasRounds = !!info?.rounds.length;
  const hasScenarios = !!info?.scenarios.length;
  const columns = useMemo(() => buildColumns(set, hasOverall, { conditions: hasConditions, rounds: hasRounds, scenarios: hasScenarios }),
    [set, hasOverall, hasConditions, hasRounds, hasScenarios]);

  const open = useCallback((index: number, row: ConversationRow) => {
    setCursor(index);
    setSelectedId(row.conversation_id);
    listRef.current?.scrollToIndex(index);
  }, []);

  const total = paged.total ?? 0;
  const step = async (delta: number, openIt: boolean) => {
    if (!total) return;
    const from = cursor < 0 ? (delta > 0 ? -1 : total) : cursor;
    const index = Math.max(0, Math.min(total - 1, from + delta));
    listRef.current?.scrollToIndex(index);
    setCursor(index);
    if (!openIt) return;
    const row = await paged.fetchRow(index);
    if (row) setSelectedId(row.conversation_id);
  };

  useExplorerKeys(active, {
    next: () => void step(1, true),
    prev: () => void step(-1, true),
    cursorDown: () => void step(1, false),
    cursorUp: () => void step(-1, false),
    openCursor: () => {
      if (cursor < 0) return void step(1, true);
      void paged.fetchRow(cursor).then((row) => row && setSelectedId(row.conversation_id));
    },
    focusSearch: () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    escape: () => setSelectedId(null),
  });

  const onSort = (key: SortKey, firstDir: 'asc' | 'desc') =>
    update((s) => ({ sort: s.sort.key === key ? { key, dir: s.sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: firstDir } }));

  if (!info) return null;
  const position = selectedId && cursor >= 0 && paged.row(cursor)?.conversation_id === selectedId ? `${fmtInt(cursor + 1)} of ${fmtInt(total)}` : null;

  return (
    <div className={'explorer' + (selectedId ? '' : ' no-transcript')} data-testid="explorer">
      <FilterPanel info={info} state={state} onChange={update} onClear={() => setState((s) => clearFilters(s))} />
      <section className="list-pane">
        <div className="list-toolbar">
          <SearchBox state={state} onChange={update} inputRef={searchRef} />
        </div>
        <div className="list-subbar">
          <ListStatus paged={paged} studyTotal={info.conversations} />
          <ExportButton filter={query.filter} scoreSetId={query.scoreSetId ?? null} disabled={!paged.total} />
          <PlotButton filter={query.filter} scoreSetId={query.scoreSetId ?? null} disabled={!paged.total} />
        </div>
        {info.conversations === 0 ? (
          <div className="empty" data-testid="list-empty">
            <p><strong>This study has no conversations yet.</strong></p>
            <p className="muted">Import a study folder or a corpus on the Import page.</p>
          </div>
        ) : paged.total === 0 ? (
          <div className="empty" data-testid="list-empty">
            <p><strong>No conversations match these filters.</strong></p>
            <button className="btn" onClick={() => setState((s) => clearFilters(s))}>Clear filters</button>
          </div>
        ) : (
          <ConversationList
            paged={paged}
            columns={columns}
            sort={state.sort}
            onSort={onSort}
            selectedId={selectedId}
            cursor={cursor}
            onOpen={open}
            handle={listRef}
          />
        )}
      </section>
      <TranscriptView id={selectedId} revision={revision} onClose={() => setSelectedId(null)} position={position} search={query.filter.search} highlight={highlight} />
    </div>
  );
}
