import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { SqlColumn } from '../../main/api/contract/index.js';

const ROW_HEIGHT = 26;
/** Widest a column starts (px); the cell shows the rest on hover. */
const MAX_COLUMN = 360;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Width from the header and the first rows, so a 10,000-row result is not measured cell by cell. */
function columnWidth(name: string, j: number, rows: readonly unknown[][]): number {
  let chars = name.length;
  for (const r of rows.slice(0, 200)) chars = Math.max(chars, cellText(r[j]).length);
  return Math.min(MAX_COLUMN, 24 + chars * 7.2);
}

/** A query result in a virtualised grid: only the rows in view are in the DOM. */
export function ResultTable({ columns, rows, resultKey }: { columns: SqlColumn[]; rows: unknown[][]; resultKey: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
    initialRect: { width: 800, height: 400 },
  });
  useEffect(() => { scrollRef.current?.scrollTo({ top: 0 }); }, [resultKey]);
  const widths = columns.map((c, j) => columnWidth(c.name, j, rows));
  const template = widths.map((w) => `${w}px`).join(' ');
  const total = widths.reduce((s, w) => s + w, 0);
  return (
    <div className="list-scroll sql-result" ref={scrollRef} data-testid="sql-result" tabIndex={-1}>
      <div className="list-inner" role="grid" aria-rowcount={rows.length + 1} aria-label="Query result" style={{ width: `max(100%, ${total}px)` }}>
        <div className="list-header" role="row" style={{ gridTemplateColumns: template }}>
          {columns.map((c) => (
            <div key={c.name} role="columnheader" className="th" title={`${c.name} ${c.type}`}>
              <span>{c.name}</span> <span className="muted sql-type">{c.type}</span>
            </div>
          ))}
        </div>
        <div className="list-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((it) => (
            <div key={it.key} role="row" className={'list-row' + (it.index % 2 ? ' odd' : '')} data-testid="sql-row"
              style={{ transform: `translateY(${it.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: template }}>
              {rows[it.index].map((v, j) => {
                const text = cellText(v);
                return <div key={j} role="gridcell" className={'td' + (v === null ? ' muted' : '') + (typeof v === 'number' ? ' num' : '')} title={text}>{text}</div>;
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
