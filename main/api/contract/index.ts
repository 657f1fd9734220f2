// The one declaration of every API method and event, merged from one file per domain. The handler
// table, the Electron bridge, the HTTP routes, the renderer client and the CLI all derive from it, and
// App.call checks every call's arguments against the schema declared here before a handler runs.
import type { z } from 'zod';
import type { MethodSpec } from './define.js';
import { studyMethods, type StudyInfo } from './study.js';
import { explorerMethods } from './explorer.js';
import { importMethods } from './import.js';
import { jobMethods, type JobInfo } from './jobs.js';
import { judgeMethods } from './judge.js';
import { analysisMethods } from './analysis.js';
import { embeddingMethods } from './embeddings.js';
import { themeMethods } from './themes.js';
import { themeBrowseMethods } from './theme-browse.js';
import { themeDescriptionMethods } from './theme-descriptions.js';
import { sqlMethods } from './sql.js';
import { customFigureMethods } from './custom-figures.js';
import { judgeCompareMethods } from './judge-compare.js';
import { codingMethods } from './coding.js';
import { mapMethods } from './map.js';

export * from './study.js';
export * from './explorer.js';
export * from './import.js';
export * from './jobs.js';
export * from './judge.js';
export * from './analysis.js';
export * from './embeddings.js';
export * from './themes.js';
export * from './theme-browse.js';
export * from './theme-descriptions.js';
export * from './sql.js';
export * from './custom-figures.js';
export * from './judge-compare.js';
export * from './coding.js';
export * from './map.js';

/** Every method, by name. Spreading checks nothing, so duplicates are caught by the test beside this file. */
export const METHODS = {
  ...studyMethods,
  ...explorerMethods,
  ...importMethods,
  ...jobMethods,
  ...judgeMethods,
  ...analysisMethods,
  ...embeddingMethods,
  ...themeMethods,
  ...themeBrowseMethods,
  ...themeDescriptionMethods,
  ...sqlMethods,
  ...customFigureMethods,
  ...judgeCompareMethods,
  ...codingMethods,
  ...mapMethods,
} satisfies Record<string, MethodSpec>;

type Methods = typeof METHODS;
export type MethodName = keyof Methods;
/** What a caller sends (the schema's input type). */
export type Args<M extends MethodName> = z.input<Methods[M]['args']>;
/** What a handler receives once App.call has checked it (the schema's output type). */
export type CheckedArgs<M extends MethodName> = z.output<Methods[M]['args']>;
export type Result<M extends MethodName> = NonNullable<Methods[M]['result']>;
export type ApiMethods = { [M in MethodName]: { args: Args<M>; result: Result<M> } };

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

export interface ApiEvents {
  'job-progress': JobInfo;
  'study-changed': StudyInfo;
}
export type EventName = keyof ApiEvents;
export const EVENT_NAMES = ['job-progress', 'study-changed'] as const satisfies readonly EventName[];

/** An API call that failed for a reason the user should read (bad input, missing table, conflict). */
export interface ApiErrorBody { error: string; code: string }

/** The transport-independent client shape: IPC, HTTP and in-process all implement it. */
export interface ApiClient {
  call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}
