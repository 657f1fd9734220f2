import type { MapCodeScope, MapPoints } from '../../main/api/contract/index.js';
import { fmtScore, humanize } from '../api/format.js';
import { useDebounced } from '../api/useDebounced.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { attributeOf } from './encoding.js';

/** Hover waits this long before asking for the sentence, so sweeping across points sends no burst of calls. */
const TEXT_DELAY_MS = 120;

/** The hovered point: its sentence, theme, code(s), and its conversation's condition, round, scenario and score. */
export function MapTooltip({ points, index, at, themeModelId, codeScope }: {
  points: MapPoints; index: number; at: [number, number]; themeModelId: string | null; codeScope: MapCodeScope | null;
}) {
  const settled = useDebounced(index, TEXT_DELAY_MS);
  const sentence = useApiQuery('map-selection', settled === index
    ? { projectionId: points.projectionId, indices: [index], themeModelId: themeModelId ?? undefined, limit: 1, ...(codeScope ? { codes: codeScope } : {}) } : null);
  const a = points.attributes;
  const theme = attributeOf(a.theme, index);
  const code = attributeOf(a.code, index);
  // "several codes" names them once the sentence's own codes have arrived.
  const codes = sentence.data?.sentences[0]?.index === index ? sentence.data.sentences[0].codes : null;
  const condition = attributeOf(a.condition, index);
  const round = attributeOf(a.round, index);
  const scenario = attributeOf(a.scenario, index);
  const text = sentence.data?.sentences[0]?.text;
  return (
    <div className="map-tooltip" style={{ left: at[0] + 12, top: at[1] + 12 }} data-testid="map-tooltip" data-index={index}>
      <div className="map-tooltip-text">{text ?? <span className="muted">…</span>}</div>
      <div className="small muted">
        {points.conversations[points.conversation[index]]} · turn {points.turn[index]} · sentence {points.sentenceIndex[index]}
      </div>
      {theme && <div className="small"><strong>{theme.value}</strong> {theme.label !== theme.value ? theme.label : ''}</div>}
      {a.code && (
        <div className="small" data-testid="map-tooltip-code" data-code={code?.value ?? ''}>
          Code: {codes?.length ? codes.join(', ') : code?.label ?? 'none'}
        </div>
      )}
      <div className="small">
        {humanize(condition?.value)} · round {round?.value ?? '—'} · {humanize(scenario?.value)}
        {points.score && <> · {points.score.dimension} {fmtScore(points.score.values[index])}</>}
      </div>
      <div className="small muted">Double-click: open the conversation</div>
    </div>
  );
}
