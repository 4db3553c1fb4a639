import http from 'http';

import { msSince } from '../machine';

// The load generator: GraphQL over keep-alive HTTP/1.1 on loopback, and an open-loop schedule
// (request i is due at start + i / rate whatever happened to the earlier ones), so a slow system
// is measured as slow instead of being asked less. Concurrency is bounded: a request due while
// the limit is reached waits in the generator, and its wait counts in the latency measured from
// the time it was due.

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
  /** Send → last byte of the answer. */
  ms: number;
}

export class GraphqlClient {
  private readonly agent: http.Agent;

  constructor(maxSockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  post<T = Record<string, unknown>>(
    url: string,
    token: string,
    query: string,
    variables: Record<string, unknown> = {},
    timeoutMs = 30_000,
  ): Promise<GqlResult<T>> {
    const body = Buffer.from(JSON.stringify({ query, variables }));
    const target = new URL(url);
    const started = process.hrtime.bigint();
    return new Promise((resolve) => {
      const fail = (error: unknown) =>
        resolve({ status: 0, errors: [{ message: String(error), extensions: { code: 'NO_ANSWER' } }], ms: msSince(started) });
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent: this.agent,
          timeout: timeoutMs,
          headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${token}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', fail);
          res.on('end', () => {
            let parsed: { data?: T; errors?: GqlResult['errors'] } = {};
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              // not JSON: the status says what happened
            }
            resolve({ status: res.statusCode ?? 0, data: parsed.data, errors: parsed.errors, ms: msSince(started) });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', fail);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The error code of a failed answer (GraphQL code, HTTP status or NO_ANSWER). */
export function errorCode(r: GqlResult): string | undefined {
  if (!r.errors?.length && r.status === 200) return undefined;
  return r.errors?.[0]?.extensions?.code ?? `HTTP_${r.status}`;
}

export interface OpenLoopOptions {
  /** Requests (tasks) per second. */
  rate: number;
  durationMs: number;
  /** Most tasks in flight at once. */
  concurrency: number;
  /** Task `i`, due at `dueAt` (a hrtime reading). Must not throw. */
  task: (i: number, dueAt: bigint) => Promise<void>;
}

export interface OpenLoopResult {
  due: number;
  started: number;
  /** Due but never started: still waiting for a free slot when the duration ended. */
  notStarted: number;
  /** Most tasks waiting for a slot at once. */
  maxWaiting: number;
  /** Start → the last task done. */
  elapsedMs: number;
}

export function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { rate, durationMs, concurrency, task } = options;
  const total = Math.max(1, Math.floor((rate * durationMs) / 1000));
  const start = process.hrtime.bigint();
  const dueAt = (i: number) => start + BigInt(Math.round((i * 1e9) / rate));
  const waiting: number[] = [];
  let head = 0;
  let next = 0;
  let inFlight = 0;
  let started = 0;
  let maxWaiting = 0;
  let scheduling = true;
  return new Promise((resolve) => {
    const finishIfDone = () => {
      if (scheduling || inFlight > 0) return;
      resolve({ due: next, started, notStarted: next - started, maxWaiting, elapsedMs: msSince(start) });
    };
    const pump = () => {
      while (inFlight < concurrency && head < waiting.length) {
        const i = waiting[head++];
        inFlight++;
        started++;
        void task(i, dueAt(i)).finally(() => {
          inFlight--;
          pump();
          finishIfDone();
        });
      }
      if (head > 4096 && head * 2 > waiting.length) {
        waiting.splice(0, head);
        head = 0;
      }
    };
    const tick = () => {
      const elapsedNs = Number(process.hrtime.bigint() - start);
      const dueNow = Math.min(total, Math.floor((elapsedNs * rate) / 1e9) + 1);
      while (next < dueNow) waiting.push(next++);
      maxWaiting = Math.max(maxWaiting, waiting.length - head);
      pump();
      if (next < total) {
        setTimeout(tick, Math.max(0, Math.min(5, Number(dueAt(next) - process.hrtime.bigint()) / 1e6)));
        return;
      }
      const left = durationMs - elapsedNs / 1e6;
      if (left > 0) {
        setTimeout(tick, Math.min(5, left));
        return;
      }
      // The schedule is over: what is still waiting for a slot is dropped (counted as not started).
      scheduling = false;
      waiting.length = 0;
      head = 0;
      finishIfDone();
    };
    tick();
  });
}
