import { useCallback, useEffect, useRef, useState } from 'react';
import type { Args, MethodName, Result } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';

export interface ApiQuery<T> { data: T | null; loading: boolean; error: string | null; reload: () => void }

/**
 * One API call for the current arguments (null: none yet). As useFigure.ts does, answers to superseded calls are
 * dropped by a sequence number, and the previous answer stays on screen while the next one loads.
 */
export function useApiQuery<M extends MethodName>(method: M, args: Args<M> | null, revision = 0): ApiQuery<Result<M>> {
  const api = useApi();
  const [state, setState] = useState<{ data: Result<M> | null; loading: boolean; error: string | null }>({ data: null, loading: args !== null, error: null });
  const [bump, setBump] = useState(0);
  const seq = useRef(0);
  // Wrapped so that `undefined` arguments (methods without any) survive the round trip through JSON.
  const key = args === null ? null : JSON.stringify({ args });
  useEffect(() => {
    const mine = ++seq.current;
    if (key === null) {
      setState({ data: null, loading: false, error: null });
      return;
    }
    setState((s) => ({ ...s, loading: true, error: null }));
    api.call(method, (JSON.parse(key) as { args: Args<M> }).args).then(
      (data) => mine === seq.current && setState({ data, loading: false, error: null }),
      (e) => mine === seq.current && setState({ data: null, loading: false, error: errorMessage(e) }),
    );
  }, [api, method, key, revision, bump]);
  const reload = useCallback(() => setBump((b) => b + 1), []);
  return { ...state, reload };
}
