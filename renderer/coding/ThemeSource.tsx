// Coding by theme: pick a kSAE model and one of its themes; its top sentences are codable one by one, and the
// whole theme can be assigned to a code (its sentences whose top-1, or top-K, latents include it).
import { useEffect, useMemo, useState } from 'react';
import type { CodeNode } from '../../main/api/contract/index.js';
import { themeName } from '../themes/theme-format.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { useCoding } from './CodingContext.js';
import { MemoField } from './MemoField.js';
import { SentenceCoder, type CodeRow } from './SentenceCoder.js';
import { useCodedConversations } from './useCodedConversations.js';

const TOP_SIZES = [25, 50, 100, 200] as const;

export function ThemeSource({ codes, selectedCode }: { codes: CodeNode[]; selectedCode: string | null }) {
  const { coder, edit } = useCoding();
  const models = useApiQuery('themes-compare', {});
  const [modelId, setModelId] = useState<string | null>(null);
  const [latent, setLatent] = useState<number | null>(null);
  const [limit, setLimit] = useState<number>(TOP_SIZES[0]);
  const [codeId, setCodeId] = useState('');
  const [top, setTop] = useState<'1' | 'K'>('1');
  const done = (models.data ?? []).filter((m) => m.state === 'done');
  useEffect(() => { if (!modelId && done[0]) setModelId(done[0].modelId); }, [done, modelId]);
  useEffect(() => { if (selectedCode) setCodeId(selectedCode); }, [selectedCode]);
  const list = useApiQuery('themes-browse-list', modelId ? { modelId } : null);
  // The list is fetched again after every edit (an assigned theme changes its counts): keep the theme the coder picked
  // while it is still in the list, so assigning a theme does not jump the page to the first one.
  useEffect(() => {
    const themes = list.data?.themes ?? [];
    setLatent((current) => (current !== null && themes.some((t) => t.latent === current) ? current : themes[0]?.latent ?? null));
  }, [list.data]);
  const theme = useApiQuery('theme-get', modelId && latent !== null ? { modelId, latent, limit, sampleSize: 0 } : null);
  const top1 = theme.data?.top ?? [];
  const coded = useCodedConversations(top1.map((s) => s.conversationId));
  const rows: CodeRow[] = useMemo(() => top1.map((s) => ({
    unit: { conversationId: s.conversationId, turn: s.turn, sentenceIndex: s.sentenceIndex },
    message: null,
    text: s.text,
    meta: `${s.activation.toFixed(2)} · ${s.conversationId} t${s.turn}`,
  })), [top1]);

  if (models.data && done.length === 0) return <p className="muted" data-testid="coding-no-models">No trained theme model yet: train one on the Themes page, or code by conversation.</p>;
  const model = done.find((m) => m.modelId === modelId);
  return (
    <div data-testid="coding-by-theme">
      <div className="row gap baseline wrap">
        <select className="input" value={modelId ?? ''} onChange={(e) => { setModelId(e.target.value); setLatent(null); }} data-testid="coding-model" aria-label="Theme model">
          {done.map((m) => <option key={m.modelId} value={m.modelId}>{m.label ?? m.modelId} · M={m.latents} K={m.k} · {m.scenarioType}</option>)}
        </select>
        <select className="input grow" value={latent ?? ''} onChange={(e) => setLatent(Number(e.target.value))} data-testid="coding-theme" aria-label="Theme">
          {(list.data?.themes ?? []).map((t) => <option key={t.latent} value={t.latent}>{themeName(t)} ({(t.shareTop1 * 100).toFixed(1)}%)</option>)}
        </select>
        <select className="input" value={limit} onChange={(e) => setLimit(Number(e.target.value))} aria-label="Top sentences shown">
          {TOP_SIZES.map((n) => <option key={n} value={n}>top {n}</option>)}
        </select>
      </div>
      {coder && latent !== null && modelId && (
        <div className="row gap baseline top-gap assign-theme" data-testid="assign-theme">
          <span className="small">Assign the whole theme to</span>
          <select className="input" value={codeId} onChange={(e) => setCodeId(e.target.value)} data-testid="assign-theme-code" aria-label="Code">
            <option value="">code…</option>
            {codes.map((c) => <option key={c.codeId} value={c.codeId}>{c.path}</option>)}
          </select>
          <div className="segmented" role="group" aria-label="Which sentences">
            <button className={top === '1' ? 'on' : ''} onClick={() => setTop('1')} data-testid="assign-theme-top1" title="Sentences whose strongest latent is this theme">top-1</button>
            <button className={top === 'K' ? 'on' : ''} onClick={() => setTop('K')} data-testid="assign-theme-topk" title="Sentences with this theme among their K active latents">top-{model?.k ?? 'K'}</button>
          </div>
          <button className="btn btn-small btn-primary" disabled={!codeId} data-testid="assign-theme-go"
            onClick={() => void edit('coding-assign', { coder, codeId, unit: { grain: 'theme', modelId, latent, topK: top === '1' ? 1 : model?.k ?? 1 } })}>Assign theme</button>
          <span className="faint small">A sentence's own code overrides the theme's.</span>
        </div>
      )}
      {(list.error || theme.error || coded.error) && <div className="alert alert-error">{list.error ?? theme.error ?? coded.error}</div>}
      <SentenceCoder rows={rows} coded={coded} codes={codes} selectedCode={selectedCode} />
      {modelId && latent !== null && <MemoField target={{ kind: 'theme', id: `${modelId}:${latent}` }} label="Memo on this theme" />}
    </div>
  );
}
