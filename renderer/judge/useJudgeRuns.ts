import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobInfo, JudgeRunDetail, JudgeRunSummary } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { ApiError, errorMessage } from '../api/client.js';
import { useApiEvent } from '../api/useApiEvent.js';
import { useStudy } from '../study/StudyContext.js';
import { LIVE_STATES } from './judge-state.js';

/** Calls fn at most every `ms` (leading and trailing), for refetching on bursts of progress events. */
function useThrottled(fn: () => void, ms: number): () => void {
  const ref = useRef(fn);
  ref.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const last = useRef(0);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
  return useCallback(() => {
    const wait = last.current + ms - Date.now();
    if (wait <= 0) {
      last.current = Date.now();
      ref.current();
    } else if (!timer.current) {
      timer.current = setTimeout(() => {
        timer.current = null;
        last.current = Date.now();
        ref.current();
      }, wait);
    }
  }, [ms]);
}

const isJudgeJob = (j: JobInfo) => j.kind === 'judge';

/**
 * Every judge run of the open workspace, refreshed when a judge job reports progress. `loadedPath` is the workspace
 * whose list has been answered; the judge views show once it is, so they never render another workspace's runs.
 */
export function useJudgeRuns(): { runs: JudgeRunSummary[] | null; error: string | null; loadedPath: string | null; refresh: () => void } {
  const api = useApi();
  const { revision, info } = useStudy();
  const path = info?.path ?? null;
  const [runs, setRuns] = useState<JudgeRunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadedPath, setLoadedPath] = useState<string | null>(null);
  const pathRef = useRef(path);
  pathRef.current = path;

  // One judge-runs call at a time: a refresh asked for meanwhile runs once the answer is in, so bursts of
  // progress events cost one request, not many overlapping ones.
  const inFlight = useRef(false);
  const again = useRef(false);
  const refresh = useCallback(() => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    const forPath = pathRef.current;
    const done = () => {
      inFlight.current = false;
      setLoadedPath(forPath);
      if (again.current) {
        again.current = false;
        refreshRef.current();
      }
    };
    api.call('judge-runs', undefined).then(
      (r) => { setRuns(r); setError(null); done(); },
      (e) => { setError(errorMessage(e)); done(); },
    );
  }, [api]);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;

  useEffect(refresh, [refresh, revision]);
  const throttled = useThrottled(refresh, 700);
  useApiEvent('job-progress', (j) => { if (isJudgeJob(j)) throttled(); });
  return { runs, error, loadedPath, refresh };
}

export interface RunState {
  run: JudgeRunDetail | null;
  error: string | null;
  notFound: boolean;
  refresh: () => void;
}

/** One run, refetched on its job's progress events (throttled) and polled while it is live. */
export function useJudgeRun(runId: string, onSettled?: (run: JudgeRunDetail) => void): RunState {
  const api = useApi();
  const { revision } = useStudy();
  const [run, setRun] = useState<JudgeRunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const seq = useRef(0);
  const settledRef = useRef(onSettled);
  settledRef.current = onSettled;
  const wasLive = useRef<boolean | null>(null);

  const refresh = useCallback(() => {
    const n = ++seq.current;
    api.call('judge-run-get', { runId, failuresLimit: 500 }).then(
      (r) => {
        if (n !== seq.current) return;
        setRun(r);
        setError(null);
        setNotFound(false);
        const live = LIVE_STATES.includes(r.state);
        if (wasLive.current && !live) settledRef.current?.(r);
        wasLive.current = live;
      },
      (e) => {
        if (n !== seq.current) return;
        if (e instanceof ApiError && e.code === 'not-found') setNotFound(true);
        setError(errorMessage(e));
      },
    );
  }, [api, runId]);

  useEffect(() => {
    setRun(null);
    setNotFound(false);
    wasLive.current = null;
  }, [runId]);
  useEffect(refresh, [refresh, revision]);

  // Any judge job may be this run's (a resume or a retry starts a new job), so all of them refresh it.
  const throttled = useThrottled(refresh, 300);
  useApiEvent('job-progress', (j) => { if (isJudgeJob(j)) throttled(); });

  // Events can be missed (a reconnecting event stream); a slow poll keeps a live run honest.
  const live = !!run && LIVE_STATES.includes(run.state);
  useEffect(() => {
    if (!live) return;
    const t = setInterval(throttled, 2000);
    return () => clearInterval(t);
  }, [live, throttled]);

  return { run, error, notFound, refresh };
}
