import { useEffect, useRef } from 'react';
import type { ApiEvents, EventName } from '../../main/api/contract/index.js';
import { useApi } from './ApiContext.js';

/** Subscribes to a backend event for the component's lifetime; the latest listener is always called. */
export function useApiEvent<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): void {
  const api = useApi();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => api.on(event, (p) => ref.current(p)), [api, event]);
}
