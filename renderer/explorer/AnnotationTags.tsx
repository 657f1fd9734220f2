import { humanize } from '../api/format.js';

/** A message annotation (e.g. an ESConv support strategy) as small tags. */
export function AnnotationTags({ annotation }: { annotation: Record<string, unknown> }) {
  const tags: { key: string; label: string; title: string }[] = [];
  for (const [k, v] of Object.entries(annotation)) {
    if (v == null || v === '') continue;
    const values = Array.isArray(v) ? v : [v];
    for (const x of values) {
      const text = typeof x === 'object' ? JSON.stringify(x) : String(x);
      // The strategy is the common case: show just its value; other keys as key: value.
      const label = k === 'strategy' ? text : `${humanize(k)}: ${text}`;
      tags.push({ key: `${k}:${text}`, label, title: `${k} = ${text}` });
    }
  }
  if (!tags.length) return null;
  return (
    <div className="tags">
      {tags.map((t) => <span key={t.key} className="tag" title={t.title} data-testid="annotation-tag">{t.label}</span>)}
    </div>
  );
}
