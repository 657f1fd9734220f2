import { useCallback, useEffect, useState } from 'react';

/** Where inside the judge page we are: `#/judge` (new run), `#/judge/run/<id>`, `#/judge/templates`, `#/judge/prices`, `#/judge/compare`. */
export type JudgeView =
  | { view: 'new' }
  | { view: 'run'; runId: string }
  | { view: 'templates' }
  | { view: 'prices' }
  | { view: 'compare' };

export function parseJudgeHash(hash: string): JudgeView {
  // A sub-page may carry its own state after '?' (#/judge/compare?sets=…); the view is the path before it.
  const parts = hash.replace(/^#\/?/, '').split('?')[0].split('/');
  if (parts[0] !== 'judge') return { view: 'new' };
  if (parts[1] === 'run' && parts[2]) return { view: 'run', runId: decodeURIComponent(parts[2]) };
  if (parts[1] === 'templates') return { view: 'templates' };
  if (parts[1] === 'prices') return { view: 'prices' };
  if (parts[1] === 'compare') return { view: 'compare' };
  return { view: 'new' };
}

export function judgeHash(v: JudgeView): string {
  switch (v.view) {
    case 'run': return `#/judge/run/${encodeURIComponent(v.runId)}`;
    case 'templates': return '#/judge/templates';
    case 'prices': return '#/judge/prices';
    case 'compare': return '#/judge/compare';
    default: return '#/judge';
  }
}

/** The judge's sub-page lives in the hash after `#/judge`, so reloads and the back button keep it. */
export function useJudgeView(): [JudgeView, (v: JudgeView) => void] {
  const [view, setView] = useState<JudgeView>(() => parseJudgeHash(window.location.hash));
  useEffect(() => {
    const onHash = () => {
      if (window.location.hash.replace(/^#\/?/, '').split('/')[0] === 'judge') setView(parseJudgeHash(window.location.hash));
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((v: JudgeView) => {
    const h = judgeHash(v);
    if (window.location.hash !== h) window.location.hash = h;
    setView(v);
  }, []);
  return [view, go];
}
