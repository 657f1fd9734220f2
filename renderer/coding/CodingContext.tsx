// What every part of the coding page shares: the current coder (kept in localStorage, so a reload or restart keeps
// who is coding), blind mode, one revision bumped after every edit (views refetch on it), and `edit`, which runs a
// mutating call, bumps the revision and shows a failure once in the page's status line.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Args, MethodName, Result } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';

const CODER_KEY = 'workbench.coding.coder';
const BLIND_KEY = 'workbench.coding.blind';

export interface CodingState {
  coder: string | null;
  setCoder(name: string | null): void;
  blind: boolean;
  setBlind(on: boolean): void;
  /** Bumped after every edit this page makes (and on undo/redo). */
  revision: number;
  bump(): void;
  /** The last failed edit's message, until the next edit. */
  error: string | null;
  clearError(): void;
  /** Runs an edit; null when it failed (the message is in `error`). */
  edit<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M> | null>;
  /** The coder filter the read methods take: blind mode shows only the viewer's own codes. */
  view: { blind?: boolean; viewer?: string };
}

const Ctx = createContext<CodingState | null>(null);

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}
function store(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}

export function CodingProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [coder, setCoderState] = useState<string | null>(() => stored(CODER_KEY));
  const [blind, setBlindState] = useState(() => stored(BLIND_KEY) === '1');
  const [revision, setRevision] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const bump = useCallback(() => setRevision((r) => r + 1), []);
  const setCoder = useCallback((name: string | null) => {
    store(CODER_KEY, name);
    setCoderState(name);
  }, []);
  const setBlind = useCallback((on: boolean) => {
    store(BLIND_KEY, on ? '1' : null);
    setBlindState(on);
  }, []);
  const edit = useCallback(async <M extends MethodName>(method: M, args: Args<M>): Promise<Result<M> | null> => {
    setError(null);
    try {
      const out = await api.call(method, args);
      bump();
      return out;
    } catch (e) {
      setError(errorMessage(e));
      return null;
    }
  }, [api, bump]);
  const view = useMemo(() => (blind && coder ? { blind: true, viewer: coder } : {}), [blind, coder]);
  const value = useMemo<CodingState>(() => ({
    coder, setCoder, blind, setBlind, revision, bump, error, clearError: () => setError(null), edit, view,
  }), [coder, setCoder, blind, setBlind, revision, bump, error, edit, view]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useCoding(): CodingState {
  const c = useContext(Ctx);
  if (!c) throw new Error('useCoding outside CodingProvider');
  return c;
}
