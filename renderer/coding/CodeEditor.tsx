// One code in depth: its definition, inclusion and exclusion criteria, example sentences (one per line) and this
// coder's memo, saved together; then merge into another code and split (SplitPanel).
import { useEffect, useRef, useState } from 'react';
import type { CodeNode } from '../../main/api/contract/index.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { useCoding } from './CodingContext.js';
import { SplitPanel } from './SplitPanel.js';

interface Draft { definition: string; inclusion: string; exclusion: string; examples: string; memo: string }

export function CodeEditor({ code, codes, onSelect }: { code: CodeNode; codes: CodeNode[]; onSelect: (id: string | null) => void }) {
  const { coder, edit, revision } = useCoding();
  const memos = useApiQuery('coding-memos', coder ? { target: { kind: 'code', id: code.codeId }, coders: [coder] } : null, revision);
  const memo = memos.data?.memos.find((m) => m.coder === coder)?.text ?? '';
  const saved: Draft = { definition: code.definition, inclusion: code.inclusion, exclusion: code.exclusion, examples: code.examples.join('\n'), memo };
  const [draft, setDraft] = useState<Draft>(saved);
  const [mergeInto, setMergeInto] = useState('');
  const savedKey = JSON.stringify(saved);
  // A newly loaded or saved value replaces a field only where the draft still shows the previous one, so typing
  // before the memo arrives (or while another field saves) is not lost; another code starts afresh.
  const prev = useRef<{ id: string; saved: Draft } | null>(null);
  useEffect(() => {
    const next = JSON.parse(savedKey) as Draft;
    const p = prev.current;
    prev.current = { id: code.codeId, saved: next };
    if (!p || p.id !== code.codeId) setDraft(next);
    else setDraft((d) => Object.fromEntries((Object.keys(next) as (keyof Draft)[]).map((k) => [k, d[k] === p.saved[k] ? next[k] : d[k]])) as unknown as Draft);
  }, [code.codeId, savedKey]);
  if (!coder) return null;

  const dirty = JSON.stringify(draft) !== savedKey;
  const save = async () => {
    const examples = draft.examples.split('\n').map((s) => s.trim()).filter(Boolean);
    const changed = draft.definition !== saved.definition || draft.inclusion !== saved.inclusion || draft.exclusion !== saved.exclusion || draft.examples !== saved.examples;
    if (changed) await edit('coding-code-update', { coder, codeId: code.codeId, definition: draft.definition, inclusion: draft.inclusion, exclusion: draft.exclusion, examples });
    if (draft.memo !== saved.memo) await edit('coding-memo-set', { coder, target: { kind: 'code', id: code.codeId }, text: draft.memo });
  };
  const field = (key: keyof Draft, label: string, hint: string, rows = 2) => (
    <label className="field">
      <span>{label}</span>
      <textarea className="input" rows={rows} value={draft[key]} placeholder={hint} data-testid={`code-${key}`}
        onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))} />
    </label>
  );
  const others = codes.filter((c) => c.codeId !== code.codeId);
  return (
    <section className="card code-editor" data-testid="code-editor" data-code-id={code.codeId}>
      <div className="row baseline gap">
        <span className="code-swatch" style={{ background: code.color }} />
        <h2 className="grow" data-testid="code-editor-path">{code.path}</h2>
        <span className="muted small">{code.sentences} sentences · {code.assignments} assignments</span>
      </div>
      <div className="form">
        {field('definition', 'Definition', 'What the code means', 3)}
        {field('inclusion', 'Inclusion criteria', 'When to apply it')}
        {field('exclusion', 'Exclusion criteria', 'When not to')}
        {field('examples', 'Example sentences', 'One per line', 3)}
        {field('memo', `Memo (${coder})`, 'Your notes on this code', 2)}
      </div>
      <div className="row gap">
        <button className="btn btn-small btn-primary" disabled={!dirty} onClick={() => void save()} data-testid="code-save">Save</button>
        <button className="btn btn-small" disabled={!dirty} onClick={() => setDraft(saved)}>Revert</button>
      </div>
      <h3 className="top-gap">Merge</h3>
      <div className="row gap">
        <select className="input grow" value={mergeInto} onChange={(e) => setMergeInto(e.target.value)} data-testid="code-merge-target" aria-label="Merge into">
          <option value="">merge {code.name} into…</option>
          {others.map((c) => <option key={c.codeId} value={c.codeId}>{c.path}</option>)}
        </select>
        <button className="btn btn-small" disabled={!mergeInto} data-testid="code-merge"
          title="Assignments combine; memos move; definitions and criteria are kept side by side"
          onClick={async () => { const out = await edit('coding-code-merge', { coder, sourceId: code.codeId, targetId: mergeInto }); if (out) { setMergeInto(''); onSelect(out.codeId); } }}>Merge</button>
      </div>
      <SplitPanel code={code} onSplit={onSelect} />
    </section>
  );
}
