// Entry of a worker whose code is TypeScript source: registers tsx's loader, then loads the worker.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
