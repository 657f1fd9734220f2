import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationQuery, ConversationRow } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';

export const BLOCK = 200;
const MAX_BLOCKS = 60; // 12,000 rows kept; the blocks farthest from the viewport are dropped first
const MAX_IN_FLIGHT = 2; // while the scrollbar is dragged, only the blocks still wanted are fetched

type Query = Omit<ConversationQuery, 'offset' | 'limit'>;

interface Cache {
  key: string;
  query: Query;
  blocks: Map<number, ConversationRow[]>;
  pending: Map<number, Promise<ConversationRow[] | null>>;
  /** The block range the viewport wants now; requests for blocks that scrolled past are never sent. */
  want: { first: number; last: number } | null;
  total: number | null;
  elapsedMs: number | null;
  searchNote: string | null;
  error: string | null;
}

export interface PagedConversations {
  /** Total of the shown query (null before the first answer or after an error). */
  total: number | null;
  elapsedMs: number | null;
  searchNote: string | null;
  error: string | null;
  /** True while a newer query than the one shown is in flight. */
  loading: boolean;
  /** Key of the query whose rows are shown; changes when a new result set replaces the old one. */
  shownKey: string;
  row(index: number): ConversationRow | undefined;
  /** Ask for every block that overlaps [start, end]. */
  ensure(start: number, end: number): void;
  /** The row at `index` of the shown query, fetching its block if needed. */
  fetchRow(index: number): Promise<ConversationRow | null>;
}

const newCache = (key: string, query: Query): Cache => ({
  key, query, blocks: new Map(), pending: new Map(), want: null, total: null, elapsedMs: null, searchNote: null, error: null,
});

/**
 * Offset/limit paging for a virtualised list: rows come in blocks of BLOCK around the viewport and are
 * cached per query. The previous result stays on screen until the new query's first block arrives, and
 * answers for a superseded query are dropped, so a slow response never overwrites a newer one.
 */
export function usePagedConversations(query: Query, revision: number): PagedConversations {
  const api = useApi();
  const key = JSON.stringify(query) + '#' + revision;
  const latest = useRef<Cache>(newCache('', query));
  const [shown, setShown] = useState<Cache>(() => newCache('', query));
  const [, setTick] = useState(0);

  const load = useCallback((c: Cache, block: number): Promise<ConversationRow[] | null> => {
    const have = c.blocks.get(block);
    if (have) return Promise.resolve(have);
    const inFlight = c.pending.get(block);
    if (inFlight) return inFlight;
    const p = api.call('conversations-list', { ...c.query, offset: block * BLOCK, limit: BLOCK }).then(
      (page) => {
        c.pending.delete(block);
        if (latest.current !== c) return null; // superseded by a newer query
        c.blocks.set(block, page.rows);
        if (c.blocks.size > MAX_BLOCKS) {
          const far = [...c.blocks.keys()].sort((a, b) => Math.abs(b - block) - Math.abs(a - block));
          for (const k of far.slice(0, c.blocks.size - MAX_BLOCKS)) c.blocks.delete(k);
        }
        c.total = page.total;
        if (block === 0 || c.elapsedMs == null) {
          c.elapsedMs = page.elapsedMs;
          c.searchNote = page.searchNote;
        }
        c.error = null;
        setShown(c);
        setTick((t) => t + 1);
        return page.rows;
      },
      (e) => {
        c.pending.delete(block);
        if (latest.current !== c) return null;
        c.error = errorMessage(e);
        if (block === 0) {
          c.total = null;
          setShown(c);
        }
        setTick((t) => t + 1);
        return null;
      },
    );
    c.pending.set(block, p);
    return p;
  }, [api]);

  /** Sends requests for wanted blocks, nearest the viewport's middle first, at most MAX_IN_FLIGHT at a time. */
  const pump = useCallback((c: Cache) => {
    if (!c.want || latest.current !== c) return;
    const { first, last } = c.want;
    const mid = (first + last) / 2;
    const todo: number[] = [];
    for (let b = first; b <= last; b++) if (!c.blocks.has(b) && !c.pending.has(b)) todo.push(b);
    todo.sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid));
    for (const b of todo) {
      if (c.pending.size >= MAX_IN_FLIGHT) break;
      void load(c, b).then(() => pump(c));
    }
  }, [load]);

  useEffect(() => {
    const c = newCache(key, query);
    latest.current = c;
    void load(c, 0);
    // `query` is captured by value in `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, load]);

  const isLatest = shown === latest.current;
  return {
    total: shown.total,
    elapsedMs: shown.elapsedMs,
    searchNote: shown.searchNote,
    error: shown.error,
    loading: shown.key !== key,
    shownKey: shown.key,
    row: (i) => shown.blocks.get(Math.floor(i / BLOCK))?.[i % BLOCK],
    ensure: (start, end) => {
      if (!isLatest || shown.total == null || shown.total === 0) return;
      const last = Math.max(0, Math.min(end, shown.total - 1));
      shown.want = { first: Math.floor(Math.max(0, start) / BLOCK), last: Math.floor(last / BLOCK) };
      pump(shown);
    },
    fetchRow: async (i) => {
      if (i < 0 || shown.total == null || i >= shown.total) return null;
      const rows = isLatest ? await load(shown, Math.floor(i / BLOCK)) : shown.blocks.get(Math.floor(i / BLOCK)) ?? null;
      return rows?.[i % BLOCK] ?? null;
    },
  };
}
