import { EventEmitter } from 'node:events';
import { UserError } from '../domain/errors.js';
import type { ApiClient, ApiEvents, Args, EventName, MethodName, Result } from './contract.js';

export type Handler<M extends MethodName> = (args: Args<M>) => Promise<Result<M>>;


/** The handler table: every transport dispatches through `call`, so handlers never know who called. */
export class App implements ApiClient {
  private readonly handlers = new Map<MethodName, Handler<any>>();
  private readonly events = new EventEmitter();

  constructor() {
    this.events.setMaxListeners(100);
  }

  method<M extends MethodName>(name: M, handler: Handler<M>): void {
    if (this.handlers.has(name)) throw new Error(`Handler for ${name} registered twice`);
    this.handlers.set(name, handler);
  }

  has(name: string): name is MethodName {
    return this.handlers.has(name as MethodName);
  }

  async call<M extends MethodName>(name: M, args: Args<M>): Promise<Result<M>> {
    const h = this.handlers.get(name);
    if (!h) throw new UserError(`Unknown method ${name}`, 'unknown-method');
    return h(args);
  }

  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    this.events.emit(event, payload);
  }

  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }
}
