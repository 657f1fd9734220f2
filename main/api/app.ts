import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import { UserError } from '../domain/errors.js';
import { METHODS, type ApiClient, type ApiEvents, type Args, type CheckedArgs, type EventName, type MethodName, type Result } from './contract/index.js';

export type Handler<M extends MethodName> = (args: CheckedArgs<M>) => Promise<Result<M>>;

/**
 * Names the first few problems of a rejected argument object by field path, e.g.
 * "filter.search.role: Invalid option: expected one of "seeker"|"supporter"".
 */
export function describeIssues(method: string, issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 3).map((i) => `${i.path.length ? i.path.map(String).join('.') : 'arguments'}: ${i.message}`);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return `Invalid arguments for ${method}: ${parts.join('; ')}${more}`;
}

/**
 * The handler table: every transport (IPC, HTTP, CLI, tests) dispatches through `call`, which checks the
 * arguments against the method's schema before any handler runs; handlers never know who called.
 */
export class App implements ApiClient {
  private readonly handlers = new Map<MethodName, Handler<any>>();
  private readonly events = new EventEmitter();

  constructor() {
    this.events.setMaxListeners(100);
  }

  method<M extends MethodName>(name: M, handler: Handler<M>): void {
    if (this.handlers.has(name)) throw new Error(`Handler for ${name} registered twice`);
    if (!Object.hasOwn(METHODS, name)) throw new Error(`${name} is not declared in the contract`);
    this.handlers.set(name, handler);
  }

  has(name: string): name is MethodName {
    return this.handlers.has(name as MethodName);
  }

  /** Methods declared in the contract that have no handler (a test keeps this empty). */
  unhandled(): MethodName[] {
    return (Object.keys(METHODS) as MethodName[]).filter((m) => !this.handlers.has(m));
  }

  async call<M extends MethodName>(name: M, args: Args<M>): Promise<Result<M>> {
    // Object.hasOwn, not `in`: a name such as "constructor" or "__proto__" must not find anything.
    const h = typeof name === 'string' && Object.hasOwn(METHODS, name) ? this.handlers.get(name) : undefined;
    if (!h) throw new UserError(`Unknown method ${String(name).slice(0, 80)}`, 'unknown-method');
    const parsed = METHODS[name].args.safeParse(args);
    if (!parsed.success) throw new UserError(describeIssues(name, parsed.error.issues), 'invalid-args');
    return h(parsed.data);
  }

  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    this.events.emit(event, payload);
  }

  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }
}
