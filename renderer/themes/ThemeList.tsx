import { useEffect, useRef, useState } from 'react';
import type { ThemeListResult, ThemeSort } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';
import { downloadText } from '../explorer/ExportButton.js';
import { fmtQ, pct, shiftArrow, strongestShift, themeName, themesCsv } from './theme-format.js';

/**
 * Every theme of the selected model: description, share, top sentence, strongest shift with its q. ↑/↓ move the
 * cursor (also while typing in the search box), Enter opens the theme.
 */
export function ThemeList({ list, search, onSearch, sort, onSort, openLatent, onOpen }: {
  list: ThemeListResult; search: string; onSearch: (s: string) => void; sort: ThemeSort; onSort: (s: ThemeSort) => void;
  openLatent: number | null; onOpen: (latent: number) => void;
}) {
  const [cursor, setCursor] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  const themes = list.themes;
  useEffect(() => setCursor(0), [list]);
  useEffect(() => {
    body.current?.querySelector('tr.cursor')?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const onKey = (e: React.KeyboardEvent) => {
    // Buttons, links and the sort menu keep their own keys; the search box and the table move the cursor.
    if ((e.target as HTMLElement).closest('button, a, select')) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setCursor((c) => Math.max(0, Math.min(themes.length - 1, c + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Enter' && themes[cursor]) {
      e.preventDefault();
      onOpen(themes[cursor].latent);
    }
  };

  return (
    <section className="card" onKeyDown={onKey} data-testid="theme-list">
      <div className="row baseline gap wrap">
        <h2 className="grow">Themes</h2>
        <span className="muted small" data-testid="themes-count">{fmtInt(themes.length)} of {fmtInt(list.model.latents)} · {fmtInt(list.units)} sentence units</span>
      </div>
      <div className="row baseline gap wrap">
        <input className="input search-input grow" style={{ minWidth: '14rem' }} type="search" placeholder="Search descriptions and sentences" value={search}
          onChange={(e) => onSearch(e.target.value)} data-testid="theme-search" aria-label="Search themes" />
        <select className="input" value={sort} onChange={(e) => onSort(e.target.value as ThemeSort)} data-testid="theme-sort" aria-label="Sort themes">
          <option value="latent">By latent</option>
          <option value="share">By share</option>
          <option value="shift">By shift q</option>
          <option value="description">By description</option>
        </select>
        <button className="btn btn-small" onClick={() => downloadText(`themes-${list.model.modelId}.csv`, themesCsv(themes))} data-testid="themes-export-csv">Export CSV</button>
        <a className="link small" href="#/figures/theme-shifts" data-testid="use-in-figures"
          title={`The figures page's shift figures offer the labelling ${list.model.labelling}`}>Use as labelling in Figures ({list.model.labelling})</a>
      </div>
      {list.shiftsNote && <p className="muted small" data-testid="shifts-note">No shifts: {list.shiftsNote}</p>}
      {themes.length === 0 ? (
        <p className="muted" data-testid="themes-empty">{search ? `No theme matches "${search}".` : 'This model has no themes.'}</p>
      ) : (
        <div className="table-scroll">
          <table className="table" tabIndex={0} aria-label="Themes">
            <thead><tr><th>Theme</th><th className="num">Share</th><th>Top sentence</th><th className="num">Shift (q)</th></tr></thead>
            <tbody ref={body}>
              {themes.map((t, i) => {
                const s = strongestShift(t.shifts);
                return (
                  <tr key={t.latent} className={(i === cursor ? 'cursor ' : '') + (t.latent === openLatent ? 'selected' : '')}
                    onClick={() => { setCursor(i); onOpen(t.latent); }} data-testid="theme-row" data-latent={t.latent} style={{ cursor: 'pointer' }}>
                    <td>{t.description ? <><span className="mono small muted">{t.label}</span> {t.description}</> : <span className="muted">{themeName(t)}</span>}</td>
                    <td className="num" title={`top-1 ${fmtInt(t.countTop1)}; any of top K ${fmtInt(t.countAny)} (${pct(t.shareAny)})`}>{pct(t.shareTop1)}</td>
                    <td className="small">{t.topSentences[0]?.text ?? <span className="muted">never fires</span>}</td>
                    <td className="num nowrap" title={s ? `${s.scenarioType}: ${pct(s.pre)} → ${pct(s.post)}` : undefined}>
                      {s ? <span className={s.diff > 0 ? 'pos' : s.diff < 0 ? 'neg' : ''}>{shiftArrow(s)} {fmtQ(s.q)}</span> : '–'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
