import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { JobInfo } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { useApiEvent } from '../api/useApiEvent.js';
import { isLiveJob as isLive } from './job-percent.js';

export interface JobsState {
  /** Every job the backend knows of this session, newest first. */
  jobs: JobInfo[];
  running: JobInfo[];
  cancel(id: string): Promise<void>;
  /** Records a job the caller just started or fetched (progress events may race the start answer). */
  upsert(job: JobInfo): void;
  error: string | null;
}

const JobsContext = createContext<JobsState | null>(null);

function merge(list: JobInfo[], job: JobInfo): JobInfo[] {
  const i = list.findIndex((j) => j.id === job.id);
  if (i < 0) return [job, ...list];
  const prev = list[i];
  // A late progress event must not turn a finished job back into a running one.
  if (!isLive(prev) && isLive(job)) return list;
  const next = list.slice();
  next[i] = job;
  return next;
}

export function JobsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [jobs, setJobs] = useState<JobInfo[]>([]);
  const [error, setError] = useState<string | null>(null);

  const upsert = useCallback((job: JobInfo) => setJobs((list) => merge(list, job)), []);

  useEffect(() => {
    let live = true;
    api.call('jobs-list', undefined).then(
      (list) => {
        if (!live) return;
        setJobs((cur) => list.reduce(merge, cur));
      },
      (e) => live && setError((e as Error).message),
    );
    return () => {
      live = false;
    };
  }, [api]);

  useApiEvent('job-progress', upsert);

  const cancel = useCallback(async (id: string) => {
    try {
      upsert(await api.call('job-cancel', { id }));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [api, upsert]);

  const sorted = useMemo(() => [...jobs].sort((a, b) => b.startedAt.localeCompare(a.startedAt)), [jobs]);
  const running = sorted.filter(isLive);
  return <JobsContext.Provider value={{ jobs: sorted, running, cancel, upsert, error }}>{children}</JobsContext.Provider>;
}

export function useJobs(): JobsState {
  const s = useContext(JobsContext);
  if (!s) throw new Error('useJobs() outside <JobsProvider>');
  return s;
}
