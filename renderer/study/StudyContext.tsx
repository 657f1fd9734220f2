import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { StudyInfo } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { ApiError, errorMessage } from '../api/client.js';
import { useApiEvent } from '../api/useApiEvent.js';

export interface StudyState {
  info: StudyInfo | null;
  /** True until the first study-info answer (or failure). */
  loading: boolean;
  /** Set when no study is open ('no-study') or the backend cannot be reached. */
  error: { message: string; code: string } | null;
  /** Bumped whenever the open study changes or is re-imported, so views refetch. */
  revision: number;
  refresh(): Promise<void>;
  openDemo(): Promise<void>;
  openPath(path: string): Promise<void>;
}

const StudyContext = createContext<StudyState | null>(null);

export function StudyProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [info, setInfo] = useState<StudyInfo | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<StudyState['error']>(null);
  const [revision, setRevision] = useState(0);

  const accept = useCallback((i: StudyInfo) => {
    setInfo(i);
    setError(null);
    setRevision((r) => r + 1);
  }, []);

  const fail = useCallback((e: unknown) => {
    setInfo(null);
    setError({ message: errorMessage(e), code: e instanceof ApiError ? e.code : 'error' });
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await api.call('study-info', undefined));
    } catch (e) {
      fail(e);
    } finally {
      setLoading(false);
    }
  }, [api, accept, fail]);

  const openDemo = useCallback(async () => {
    setLoading(true);
    try {
      accept(await api.call('study-open-demo', undefined));
    } catch (e) {
      fail(e);
    } finally {
      setLoading(false);
    }
  }, [api, accept, fail]);

  const openPath = useCallback(async (path: string) => {
    accept(await api.call('study-open', { path }));
  }, [api, accept]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useApiEvent('study-changed', accept);

  return (
    <StudyContext.Provider value={{ info, loading, error, revision, refresh, openDemo, openPath }}>
      {children}
    </StudyContext.Provider>
  );
}

export function useStudy(): StudyState {
  const s = useContext(StudyContext);
  if (!s) throw new Error('useStudy() outside <StudyProvider>');
  return s;
}
