import { AsyncLocalStorage } from 'async_hooks';

import type { Logger } from './logger';

export interface RequestScope {
  requestId: string;
  /** The logger child carrying the request id. */
  logger: Logger;
  /** Aborted when the request's time limit passes or the client goes away. */
  signal: AbortSignal;
  /** What the GraphQL pipeline learnt about the request: its span and latency metric are labelled with it. */
  observation: RequestObservation;
}

export interface RequestObservation {
  operationType?: string;
  operationName?: string;
  /** The first error code of the response; OK when none. */
  outcome?: string;
}

// Apollo's formatError and the gateway's subgraph fetcher get no request context: they find the
// request they serve here instead (the HTTP handler runs each request inside `run`).
const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, work: () => T): T {
  return storage.run(scope, work);
}

/** The request being served, if any (none in `executeOperation` tests). */
export function currentRequest(): RequestScope | undefined {
  return storage.getStore();
}
