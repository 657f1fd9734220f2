import { useEffect, useRef, useState } from 'react';
import type { JobInfo, MapPreview } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { useJobs } from '../jobs/JobsContext.js';

/** How often a running projection's positions are asked for. */
const POLL_MS = 400;

export interface ProjectionRun { projectionId: string; jobId: string }

/**
 * A running projection as the page follows it: its job (progress, cancel) and its latest positions, polled from
 * map-preview while the job is live so points move on screen as the layout optimises.
 */
export function useProjectionRun(run: ProjectionRun | null): { job: JobInfo | null; frame: MapPreview | null } {
  const api = useApi();
  const jobs = useJobs();
  const job = run ? jobs.jobs.find((j) => j.id === run.jobId) ?? null : null;
  const live = !!run && (!job || job.state === 'running' || job.state === 'queued');
  const [frame, setFrame] = useState<MapPreview | null>(null);
  const last = useRef(-1);

  useEffect(() => {
    setFrame(null);
    last.current = -1;
    if (!run) return;
    // The start answer can race the first progress event; the jobs list must know the job for its bar and Cancel.
    api.call('job-get', { id: run.jobId }).then(jobs.upsert, () => {});
  }, [run?.jobId]);

  useEffect(() => {
    if (!run || !live) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const { frame: f } = await api.call('map-preview', { jobId: run.jobId });
        if (!stopped && f && f.epoch !== last.current) {
          last.current = f.epoch;
          setFrame(f);
        }
      } catch {
        // A failed poll is retried on the next tick; the job's own state reports real failures.
      }
      if (!stopped) timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, run?.jobId, live]);
  return { job, frame };
}
