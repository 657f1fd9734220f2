import { useMemo, useState } from 'react';
import type { ThemeModelSummary } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';
import { num } from './theme-format.js';

type Key = 'latents' | 'k' | 'scenarioType' | 'silhouette' | 'silhouetteTop2' | 'deadLatents' | 'loss' | 'valLoss' | 'epochs' | 'state';
const COLUMNS: { key: Key; label: string; fmt: (m: ThemeModelSummary) => string }[] = [
  { key: 'latents', label: 'Latents', fmt: (m) => fmtInt(m.latents) },
  { key: 'k', label: 'K', fmt: (m) => fmtInt(m.k) },
  { key: 'scenarioType', label: 'Scenarios', fmt: (m) => m.scenarioType },
  { key: 'silhouette', label: 'Silhouette', fmt: (m) => num(m.silhouette) },
  { key: 'silhouetteTop2', label: 'Silh. top-2', fmt: (m) => num(m.silhouetteTop2) },
  { key: 'deadLatents', label: 'Dead', fmt: (m) => (m.deadLatents == null ? '–' : fmtInt(m.deadLatents)) },
  { key: 'loss', label: 'Loss', fmt: (m) => num(m.loss) },
  { key: 'valLoss', label: 'Val. loss', fmt: (m) => num(m.valLoss) },
  { key: 'epochs', label: 'Epochs', fmt: (m) => (m.epochs == null ? '–' : fmtInt(m.epochs)) },
  { key: 'state', label: 'State', fmt: (m) => m.state },
];

function compare(a: ThemeModelSummary, b: ThemeModelSummary, key: Key): number {
  const x = a[key];
  const y = b[key];
  if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1;
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
}

/** Grid models side by side (themes-compare), sortable by any column; a click selects a model. */
export function ModelsTable({ models, selected, onSelect }: { models: ThemeModelSummary[]; selected: string | null; onSelect: (id: string) => void }) {
  const [sort, setSort] = useState<{ key: Key; dir: 1 | -1 } | null>(null);
  const rows = useMemo(() => (sort ? [...models].sort((a, b) => sort.dir * compare(a, b, sort.key)) : models), [models, sort]);
  const toggle = (key: Key) => setSort((s) => (s?.key === key ? { key, dir: s.dir === 1 ? -1 : 1 } : { key, dir: 1 }));
  return (
    <div className="table-scroll">
      <table className="table" data-testid="theme-models">
        <thead>
          <tr>
            <th>Model</th>
            {COLUMNS.map((c) => (
              <th key={c.key} className={'num' + (sort?.key === c.key ? ' sorted' : '')}>
                <button className="link" onClick={() => toggle(c.key)} data-testid={`models-sort-${c.key}`}>
                  {c.label}{sort?.key === c.key ? (sort.dir === 1 ? ' ↑' : ' ↓') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.modelId} className={m.modelId === selected ? 'selected' : ''} onClick={() => onSelect(m.modelId)}
              data-testid="theme-model-row" data-model-id={m.modelId} style={{ cursor: 'pointer' }}>
              <td className="mono small" title={m.message ?? undefined}>{m.label ?? m.modelId}</td>
              {COLUMNS.map((c) => <td key={c.key} className="num">{c.fmt(m)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
