// Coding by search: sentence units containing the text (case-insensitive), from the conversations whose messages
// contain it, in conversation order, a page of conversations at a time (the backend counts them all).
import { useMemo, useState } from 'react';
import type { CodeNode } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';
import { useDebounced } from '../api/useDebounced.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { SentenceCoder, type CodeRow } from './SentenceCoder.js';
import { useCodedConversations } from './useCodedConversations.js';

/** Conversations per page of results: enough for a coding session, few enough to load their codes at once. */
const SEARCH_CONVERSATIONS = 40;
const DEBOUNCE_MS = 300;

export function SearchSource({ codes, selectedCode }: { codes: CodeNode[]; selectedCode: string | null }) {
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), DEBOUNCE_MS);
  const [paged, setPaged] = useState({ query: '', offset: 0 });
  // A new query starts at its first page.
  const offset = paged.query === query ? paged.offset : 0;
  const turn = (to: number) => setPaged({ query, offset: to });
  const found = useApiQuery('conversations-list', query ? { filter: { search: { text: query, mode: 'contains' } }, limit: SEARCH_CONVERSATIONS, offset } : null);
  const ids = useMemo(() => (found.data?.rows ?? []).map((r) => r.conversation_id), [found.data]);
  const coded = useCodedConversations(ids);
  const rows: CodeRow[] = useMemo(() => {
    const needle = query.toLowerCase();
    if (!needle) return [];
    return ids.flatMap((id) => (coded.conversations.get(id)?.sentences ?? [])
      .filter((s) => s.text.toLowerCase().includes(needle))
      .map((s) => ({ unit: { conversationId: s.conversationId, turn: s.turn, sentenceIndex: s.sentenceIndex }, message: null, text: s.text, meta: `${s.conversationId} t${s.turn} s${s.sentenceIndex}` })));
  }, [ids, coded.conversations, query]);
  const total = found.data?.total ?? 0;
  return (
    <div data-testid="coding-by-search">
      <div className="row gap baseline">
        <input className="input search-input grow" type="search" placeholder="Find sentences containing…" value={text} onChange={(e) => setText(e.target.value)} data-testid="coding-search" aria-label="Search sentences" />
        {query && found.data && (
          <span className="muted small" data-testid="coding-search-count" data-offset={offset} data-total={total}>
            {rows.length} sentences in {total > ids.length ? `conversations ${fmtInt(offset + 1)}–${fmtInt(offset + ids.length)} of ${fmtInt(total)}` : `${ids.length} conversations`}
          </span>
        )}
        {query && total > SEARCH_CONVERSATIONS && (
          <>
            <button className="btn btn-small" disabled={offset === 0} onClick={() => turn(Math.max(0, offset - SEARCH_CONVERSATIONS))} data-testid="coding-search-prev">◀</button>
            <button className="btn btn-small" disabled={offset + SEARCH_CONVERSATIONS >= total} onClick={() => turn(offset + SEARCH_CONVERSATIONS)} data-testid="coding-search-next">▶</button>
          </>
        )}
      </div>
      {(found.error || coded.error) && <div className="alert alert-error">{found.error ?? coded.error}</div>}
      {query ? <SentenceCoder rows={rows} coded={coded} codes={codes} selectedCode={selectedCode} /> : <p className="muted small">Type to find sentence units to code.</p>}
    </div>
  );
}
