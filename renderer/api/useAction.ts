import { useCallback, useRef, useState } from 'react';
import { errorMessage } from './client.js';

/** What a button's action needs: whether it is running, and the message of its last failure. */
export interface Action {
  busy: boolean;
  error: string | null;
  setError: (message: string | null) => void;
  /**
   * Runs `work` with `busy` set and the previous error cleared. A failure's message goes to `onError` when one
   * is given (components that show it in their own status line), otherwise into `error`. Resolves to work's
   * value, or undefined when it failed, so a caller can tell the two apart without its own try/catch.
   */
  run: <T>(work: () => Promise<T>, onError?: (message: string) => void) => Promise<T | undefined>;
}

/** One busy/error wrapper for the renderer's buttons (each component used to write its own try/finally). */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Several actions of one component may overlap (save, then forget); busy ends when the last one does.
  const running = useRef(0);
  const run = useCallback(async <T,>(work: () => Promise<T>, onError?: (message: string) => void): Promise<T | undefined> => {
    running.current++;
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      const message = errorMessage(e);
      if (onError) onError(message);
      else setError(message);
      return undefined;
    } finally {
      if (--running.current === 0) setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
