import { useCallback, useEffect, useState } from 'react';
import type { PriceRow } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { useStudy } from '../study/StudyContext.js';

/** A price row being edited: numbers stay text until saved. */
interface EditRow { model: string; input: string; output: string; cached: string; discount: string; note: string }

const toEdit = (r: PriceRow): EditRow => ({
  model: r.model, input: String(r.inputPerMTok), output: String(r.outputPerMTok), cached: r.cachedInputPerMTok == null ? '' : String(r.cachedInputPerMTok),
  discount: String(Math.round(r.batchDiscount * 1000) / 10), note: r.note ?? '',
});

function toRow(e: EditRow, line: number): PriceRow {
  const num = (s: string, what: string, opt = false): number | null => {
    if (opt && !s.trim()) return null;
    const n = Number(s);
    if (!s.trim() || !Number.isFinite(n) || n < 0) throw new Error(`Row ${line} (${e.model || 'no model'}): ${what} must be a number ≥ 0`);
    return n;
  };
  const pct = num(e.discount, 'batch discount')!;
  if (pct > 100) throw new Error(`Row ${line} (${e.model}): batch discount is a percentage, 0 to 100`);
  return {
    model: e.model.trim(), inputPerMTok: num(e.input, 'input price')!, outputPerMTok: num(e.output, 'output price')!,
    cachedInputPerMTok: num(e.cached, 'cached input price', true), batchDiscount: pct / 100, note: e.note.trim() || null,
  };
}

/** The editable price table behind every cost estimate (USD per million tokens). */
export function PricesPage() {
  const api = useApi();
  const { revision } = useStudy();
  const [stored, setStored] = useState<PriceRow[] | null>(null);
  const [rows, setRows] = useState<EditRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const accept = useCallback((p: PriceRow[]) => {
    setStored(p);
    setRows(p.map(toEdit));
  }, []);

  useEffect(() => {
    let live = true;
    api.call('price-table-get', undefined).then((p) => live && accept(p), (e) => live && setError(errorMessage(e)));
    return () => { live = false; };
  }, [api, accept, revision]);

  const dirty = !!stored && JSON.stringify(rows) !== JSON.stringify(stored.map(toEdit));
  const edit = (i: number, patch: Partial<EditRow>) => {
    setSaved(null);
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };

  const save = async () => {
    setError(null);
    setSaved(null);
    let out: PriceRow[];
    try {
      out = rows.filter((r) => r.model.trim() || r.input.trim() || r.output.trim()).map((r, i) => toRow(r, i + 1));
    } catch (e) {
      return setError(errorMessage(e));
    }
    setSaving(true);
    try {
      accept(await api.call('price-table-set', { rows: out }));
      setSaved(`Saved ${out.length} price${out.length === 1 ? '' : 's'}.`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  if (!stored) return error ? <div className="alert alert-error">{error}</div> : <div className="center-state"><div className="spinner" /> Loading prices…</div>;

  return (
    <div className="prices" data-testid="prices-page">
      <div className="page-head">
        <h1>Price table</h1>
        <p className="muted">US dollars per million tokens, kept in this workspace. A model matches its exact name, else the longest name it starts with (<span className="mono">gpt-4o-2024-08-06</span> uses <span className="mono">gpt-4o</span>). A model with no row (a local server) shows no cost. The defaults are list prices as we knew them: check your provider.</p>
      </div>
      <section className="card">
        <div className="table-scroll">
          <table className="table price-table" data-testid="price-table">
            <thead>
              <tr>
                <th>Model (or prefix)</th><th className="num">Input $/M</th><th className="num">Output $/M</th><th className="num">Cached input $/M</th>
                <th className="num">Batch discount %</th><th>Note</th><th />
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} data-testid="price-row">
                  <td><input className="input mono full" value={r.model} onChange={(e) => edit(i, { model: e.target.value })} aria-label={`Row ${i + 1} model`} data-testid="price-model" /></td>
                  <td><input className="input num price-num" value={r.input} inputMode="decimal" onChange={(e) => edit(i, { input: e.target.value })} aria-label={`${r.model} input price`} data-testid="price-input" /></td>
                  <td><input className="input num price-num" value={r.output} inputMode="decimal" onChange={(e) => edit(i, { output: e.target.value })} aria-label={`${r.model} output price`} data-testid="price-output" /></td>
                  <td><input className="input num price-num" value={r.cached} inputMode="decimal" placeholder="= input" onChange={(e) => edit(i, { cached: e.target.value })} aria-label={`${r.model} cached input price`} data-testid="price-cached" /></td>
                  <td><input className="input num price-num" value={r.discount} inputMode="decimal" onChange={(e) => edit(i, { discount: e.target.value })} aria-label={`${r.model} batch discount`} data-testid="price-discount" /></td>
                  <td><input className="input full" value={r.note} onChange={(e) => edit(i, { note: e.target.value })} aria-label={`${r.model} note`} /></td>
                  <td><button className="btn-icon" onClick={() => { setSaved(null); setRows((rs) => rs.filter((_, j) => j !== i)); }} aria-label={`Remove ${r.model || 'row'}`} title="Remove" data-testid="price-remove">×</button></td>
                </tr>
              ))}
              {rows.length === 0 && <tr><td colSpan={7} className="muted center">No prices: estimates will show no cost.</td></tr>}
            </tbody>
          </table>
        </div>
        {error && <div className="alert alert-error top-gap" data-testid="price-error">{error}</div>}
        {saved && <div className="alert alert-ok top-gap" data-testid="price-saved">{saved}</div>}
        <div className="row gap top-gap">
          <button className="btn" onClick={() => { setSaved(null); setRows((rs) => [...rs, { model: '', input: '', output: '', cached: '', discount: '50', note: '' }]); }} data-testid="price-add">Add a model</button>
          <span className="grow" />
          {dirty && <button className="btn" onClick={() => { setRows(stored.map(toEdit)); setError(null); }} data-testid="price-revert">Discard changes</button>}
          <button className="btn btn-primary" disabled={!dirty || saving} onClick={() => void save()} data-testid="price-save">{saving ? 'Saving…' : 'Save prices'}</button>
        </div>
      </section>
    </div>
  );
}
