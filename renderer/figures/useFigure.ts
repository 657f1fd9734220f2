import { useEffect, useRef, useState } from 'react';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import type { Controls, FigureDef, Loaded } from './catalog.js';

export interface FigureState {
  loaded: Loaded | null;
  loading: boolean;
  error: string | null;
  elapsedMs: number | null;
}

/**
 * Loads a figure for the current controls. Recomputation runs in the backend (async calls, never on the UI thread);
 * the previous figure stays on screen until the new one arrives, and answers to superseded requests are dropped.
 */
export function useFigure(def: FigureDef, controls: Controls, revision: number, delayMs = 200): FigureState {
  const api = useApi();
  const [state, setState] = useState<FigureState>({ loaded: null, loading: true, error: null, elapsedMs: null });
  const seq = useRef(0);
  const key = JSON.stringify(controls);
  const shownId = useRef(def.id);
  useEffect(() => {
    const mine = ++seq.current;
    const switched = shownId.current !== def.id;
    shownId.current = def.id;
    setState((s) => ({ ...s, loaded: switched ? null : s.loaded, loading: true, error: null }));
    const timer = setTimeout(() => {
      const t0 = performance.now();
      def.load(api, JSON.parse(key) as Controls).then(
        (loaded) => mine === seq.current && setState({ loaded, loading: false, error: null, elapsedMs: performance.now() - t0 }),
        (e) => mine === seq.current && setState({ loaded: null, loading: false, error: errorMessage(e), elapsedMs: null }),
      );
    }, switched ? 0 : delayMs);
    return () => clearTimeout(timer);
  }, [api, def, key, revision, delayMs]);
  return state;
}
