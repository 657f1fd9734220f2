// How other pages open the figure builder, and how the builder keeps its draft in the URL: `#/figures/custom?spec=…`
// (the whole draft, so a reload or a shared link restores it) or `?name=…` (a saved figure).
import type { CustomFigureSource, CustomFigureSpec } from '../../../main/api/contract/index.js';

export const BUILDER_HASH = '#/figures/custom';

/** A draft is a spec whose fields may still be missing; the builder checks it with the contract's schema. */
export type DraftSpec = Partial<Omit<CustomFigureSpec, 'source'>> & { source: CustomFigureSource };

export function isBuilderHash(hash: string): boolean {
  return /^#\/?figures\/custom(\?|$)/.test(hash);
}

export function builderHash(state: { spec?: DraftSpec; name?: string }): string {
  const q = new URLSearchParams();
  if (state.name) q.set('name', state.name);
  if (state.spec) q.set('spec', JSON.stringify(state.spec));
  const s = q.toString();
  return s ? `${BUILDER_HASH}?${s}` : BUILDER_HASH;
}

export function parseBuilderHash(hash: string): { spec: DraftSpec | null; name: string | null } {
  const i = hash.indexOf('?');
  const q = new URLSearchParams(i >= 0 ? hash.slice(i + 1) : '');
  let spec: DraftSpec | null = null;
  try {
    const raw = q.get('spec');
    const v = raw ? (JSON.parse(raw) as DraftSpec) : null;
    if (v && typeof v === 'object' && v.source && typeof v.source === 'object') spec = v;
  } catch {
    spec = null;
  }
  return { spec, name: q.get('name') };
}

/** Opens the builder on a data source ("Plot this" in the SQL console, "Plot these conversations" in the explorer). */
export function openFigureBuilder(source: CustomFigureSource, title?: string): void {
  window.location.hash = builderHash({ spec: { source, title } });
}
