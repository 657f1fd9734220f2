// Split a code: tick the sentences (or the themes) whose assignments go to a new sibling code.
import { useState } from 'react';
import type { CodeNode, SentenceKey } from '../../main/api/contract/index.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { useCoding } from './CodingContext.js';
import { keyOf } from './sentence-keys.js';

const SPLIT_LIST_LIMIT = 500;

export function SplitPanel({ code, onSplit }: { code: CodeNode; onSplit: (id: string) => void }) {
  const { coder, edit, revision } = useCoding();
  const [open, setOpen] = useState(false);
  const [by, setBy] = useState<'sentences' | 'themes'>('sentences');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [name, setName] = useState('');
  const sentences = useApiQuery('coding-code-sentences', open && by === 'sentences' ? { codeId: code.codeId, limit: SPLIT_LIST_LIMIT } : null, revision);
  const themes = useApiQuery('coding-assignments', open && by === 'themes' ? { codeId: code.codeId, grain: 'theme', limit: SPLIT_LIST_LIMIT } : null, revision);
  if (!coder) return null;
  if (!open) return <button className="btn btn-small top-gap" onClick={() => setOpen(true)} data-testid="code-split-open">Split…</button>;

  const toggle = (k: string) => setPicked((s) => { const n = new Set(s); if (n.has(k)) n.delete(k); else n.add(k); return n; });
  const themeRows = [...new Map((themes.data?.rows ?? []).map((a) => [`${a.modelId}:${a.latent}`, a])).values()];
  const split = async () => {
    const sentenceKeys: SentenceKey[] = [...new Map((sentences.data?.rows ?? []).filter((r) => picked.has(keyOf(r)))
      .map(({ conversationId, turn, sentenceIndex }) => [keyOf({ conversationId, turn, sentenceIndex }), { conversationId, turn, sentenceIndex }])).values()];
    const themeKeys = themeRows.filter((a) => picked.has(`${a.modelId}:${a.latent}`)).map((a) => ({ modelId: a.modelId!, latent: a.latent! }));
    const out = await edit('coding-code-split', {
      coder, codeId: code.codeId, name: name.trim(),
      by: by === 'sentences' ? { kind: 'sentences', sentences: sentenceKeys } : { kind: 'themes', themes: themeKeys },
    });
    if (out) { setOpen(false); setPicked(new Set()); setName(''); onSplit(out.codeId); }
  };
  // One row per sentence (the list has one per coder and sentence); a split moves every coder's assignment there.
  const bySentence = new Map<string, { key: string; label: string; coders: string[]; where: string }>();
  for (const r of sentences.data?.rows ?? []) {
    const k = keyOf(r);
    if (!bySentence.has(k)) bySentence.set(k, { key: k, label: r.text, coders: [], where: `${r.conversationId} t${r.turn} s${r.sentenceIndex}` });
    bySentence.get(k)!.coders.push(r.coder);
  }
  const rows = by === 'sentences'
    ? [...bySentence.values()].map((r) => ({ key: r.key, label: r.label, meta: `${r.where} · ${r.coders.join(', ')}` }))
    : themeRows.map((a) => ({ key: `${a.modelId}:${a.latent}`, label: a.text ?? `L${a.latent}`, meta: `${a.modelId} · L${a.latent} · top-${a.topK ?? 1}` }));
  return (
    <div className="split-panel top-gap" data-testid="code-split">
      <div className="row gap baseline">
        <h3 className="grow">Split {code.name}</h3>
        <div className="segmented">
          <button className={by === 'sentences' ? 'on' : ''} onClick={() => { setBy('sentences'); setPicked(new Set()); }}>by sentences</button>
          <button className={by === 'themes' ? 'on' : ''} onClick={() => { setBy('themes'); setPicked(new Set()); }} data-testid="code-split-by-themes">by themes</button>
        </div>
        <button className="btn-icon" onClick={() => setOpen(false)} aria-label="Close split">×</button>
      </div>
      <div className="split-list">
        {rows.length === 0 && <p className="muted small">Nothing coded {by === 'sentences' ? 'at sentence level' : 'by theme'} with this code.</p>}
        {rows.map((r) => (
          <label key={r.key} className="check split-row" data-testid="code-split-row">
            <input type="checkbox" checked={picked.has(r.key)} onChange={() => toggle(r.key)} />
            <span>{r.label} <span className="faint small">{r.meta}</span></span>
          </label>
        ))}
      </div>
      <div className="row gap top-gap">
        <input className="input grow" placeholder="New code's name" value={name} onChange={(e) => setName(e.target.value)} data-testid="code-split-name" aria-label="New code's name" />
        <button className="btn btn-small btn-primary" disabled={!name.trim() || picked.size === 0} onClick={() => void split()} data-testid="code-split-go">Split {picked.size}</button>
      </div>
    </div>
  );
}
