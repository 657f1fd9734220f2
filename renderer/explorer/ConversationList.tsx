import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { ConversationRow, SortKey } from '../../main/api/contract/index.js';
import type { Column } from './columns.js';
import type { PagedConversations } from './usePagedConversations.js';

export const ROW_HEIGHT = 28;

export interface ListHandle {
  scrollToIndex(index: number): void;
}

/**
 * The virtualised conversation table: only the visible rows (plus overscan) exist in the DOM, and the
 * blocks of rows around the viewport are requested from the backend as the user scrolls.
 */
export function ConversationList({ paged, columns, sort, onSort, selectedId, cursor, onOpen, handle }: {
  paged: PagedConversations;
  columns: Column[];
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  onSort: (key: SortKey, firstDir: 'asc' | 'desc') => void;
  selectedId: string | null;
  cursor: number;
  onOpen: (index: number, row: ConversationRow) => void;
  handle: Ref<ListHandle>;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = paged.total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 800, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useImperativeHandle(handle, () => ({
    scrollToIndex: (i: number) => virtualizer.scrollToIndex(i, { align: 'auto' }),
  }), [virtualizer]);

  // A new result set starts at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [paged.shownKey]);

  useEffect(() => {
    if (count) paged.ensure(first - 40, last + 40);
  }, [first, last, count, paged.shownKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const template = columns.map((c) => (c.flex ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' ');
  const width = columns.reduce((s, c) => s + c.width, 0) + 16;

  return (
    <div className="list-scroll" ref={scrollRef} data-testid="conversation-list" tabIndex={-1}>
      <div className="list-inner" role="grid" aria-rowcount={count + 1} aria-label="Conversations" style={{ width: `max(100%, ${width}px)` }}>
        <div className="list-header" role="row" style={{ gridTemplateColumns: template }}>
          {columns.map((c) => {
            const active = sort.key === c.sort;
            return (
              <button
                key={c.id}
                role="columnheader"
                className={'th' + (active ? ' sorted' : '') + (c.align ? ` ${c.align}` : '') + (c.pinned ? ' pinned' : '')}
                title={`${c.title} — click to sort`}
                aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                onClick={() => onSort(c.sort, c.firstDir)}
                data-testid={`sort-${c.id}`}
              >
                <span>{c.label}</span>
                <span className="sort-arrow">{active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}</span>
              </button>
            );
          })}
        </div>
        <div className={'list-body' + (paged.loading ? ' stale' : '')} style={{ height: virtualizer.getTotalSize() }}>
          {items.map((it) => {
            const row = paged.row(it.index);
            const selected = !!row && row.conversation_id === selectedId;
            return (
              <div
                key={it.key}
                role="row"
                aria-rowindex={it.index + 2}
                aria-selected={selected}
                className={'list-row' + (it.index % 2 ? ' odd' : '') + (selected ? ' selected' : '') + (it.index === cursor ? ' cursor' : '')}
                style={{ transform: `translateY(${it.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: template }}
                data-testid={row ? 'list-row' : 'list-row-loading'}
                data-index={it.index}
                data-conversation-id={row?.conversation_id}
                data-condition={row?.condition ?? undefined}
                data-round={row?.round ?? undefined}
                onClick={() => row && onOpen(it.index, row)}
              >
                {row
                  ? columns.map((c) => <div key={c.id} role="gridcell" className={'td' + (c.align ? ` ${c.align}` : '') + (c.pinned ? ' pinned' : '')} data-column={c.id}>{c.cell(row)}</div>)
                  : <div className="td placeholder" style={{ gridColumn: '1 / -1' }}><span className="skeleton" /></div>}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
