import { z } from 'zod';
import { method, noArgs, text } from './define.js';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export interface JobInfo {
  id: string;
  kind: string;
  state: JobState;
  done: number;
  total: number;
  message: string;
  error: string | null;
  result: unknown;
  startedAt: string;
  finishedAt: string | null;
}

const jobId = z.strictObject({ id: text });

export const jobMethods = {
  'jobs-list': method(noArgs).returns<JobInfo[]>(),
  'job-get': method(jobId).returns<JobInfo>(),
  'job-cancel': method(jobId).returns<JobInfo>(),
  'job-wait': method(jobId).returns<JobInfo>(),
};
