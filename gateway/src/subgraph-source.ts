import { Agent, request as httpRequest } from 'http';
import { request as httpsRequest, Agent as HttpsAgent } from 'https';

import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';

import type { Logger, RequestContext } from '@petition/service-kit';
import { currentRequest, injectTraceHeaders } from '@petition/service-kit';
import { CodedError } from '@petition/subgraph';

// One subgraph as the gateway reaches it. Apollo's RemoteGraphQLDataSource copies the headers into a
// node-fetch Headers, sends through a WHATWG fetch (here Node's undici, with an AbortSignal pair per
// fetch) and builds a node-fetch Request beside it for its error hooks: a large share of the
// gateway's own CPU per query (docs/performance.md, "Gateway overhead"). This source sends the same
// request with node:http over a keep-alive agent with a capped number of sockets per subgraph, and
// keeps Apollo's error for a failed fetch. Subgraph cache-control hints are not read (no caching).

export interface SubgraphSourceOptions {
  name: string;
  url: string;
  /** Time limit of one fetch, answer included. */
  timeoutMs: number;
  /** Sockets per subgraph (keep-alive); requests beyond wait for a free one. */
  maxSockets: number;
  logger: Logger;
}

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

interface SubgraphResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** JSON when the subgraph says so, else the text (as Apollo's data source reads a body). */
async function parseBody(response: SubgraphResponse): Promise<unknown> {
  const type = response.headers.get('content-type');
  return type && (type.startsWith('application/json') || type.startsWith('application/graphql-response+json'))
    ? response.json()
    : response.text();
}

export class SubgraphSource implements GraphQLDataSource<RequestContext> {
  private readonly agent: Agent;
  private readonly target: URL;

  constructor(private readonly options: SubgraphSourceOptions) {
    this.target = new URL(options.url);
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: options.maxSockets,
      scheduling: 'lifo' as const,
    };
    this.agent = this.target.protocol === 'https:' ? new HttpsAgent(agentOptions) : new Agent(agentOptions);
  }

  async process({ request, context }: GraphQLDataSourceProcessOptions<RequestContext>): Promise<GatewayGraphQLResponse> {
    if (!request.query) throw new Error('Missing query');
    const headers: Record<string, string> = {};
    for (const [k, v] of request.http?.headers ?? []) headers[k] = v;
    headers['content-type'] = 'application/json';
    // Subgraphs verify the same token again and apply their own access rules.
    if (context.authorization) headers.authorization = context.authorization;
    if (context.requestId) headers['x-request-id'] = context.requestId;
    // The active span here is the gateway's `gateway.fetch`: the subgraph's span becomes its child.
    injectTraceHeaders((name, value) => (headers[name] = value));
    const { http: _http, ...payload } = request;
    const body = JSON.stringify(payload);
    headers['content-length'] = String(Buffer.byteLength(body));
    let response: SubgraphResponse;
    try {
      response = await this.post(body, headers);
    } catch (error) {
      this.options.logger.warn('subgraph unreachable', { subgraph: this.options.name, error: String((error as Error).message ?? error) });
      // A subgraph that is down or too slow answers a clear SERVICE_UNAVAILABLE, never a hang.
      throw new CodedError('SERVICE_UNAVAILABLE', `${this.options.name} 子服务`);
    }
    if (!response.ok) throw await this.errorFromResponse(response);
    const parsed = await parseBody(response);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
    }
    return parsed as GatewayGraphQLResponse;
  }

  // Apollo's own error for a failed fetch (status, body, UNAUTHENTICATED on 401 …), except: a subgraph
  // answers input it cannot coerce (e.g. a malformed DateTime variable, which the gateway cannot
  // check) with HTTP 400 and its own coded error: pass that on, not a masked 500.
  private async errorFromResponse(response: SubgraphResponse): Promise<GraphQLError> {
    const error = (await RemoteGraphQLDataSource.prototype.errorFromResponse.call({ parseBody }, response as never)) as GraphQLError;
    const body = (error.extensions.response as { body?: unknown } | undefined)?.body as
      { errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }> } | undefined;
    const first = body?.errors?.[0];
    if (response.status === 400 && typeof first?.message === 'string' && first.extensions?.code === 'BAD_USER_INPUT') {
      return new GraphQLError(first.message, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return error;
  }

  /** POSTs the body; aborted by the time limit or when the client's own request ends. */
  private post(body: string, headers: Record<string, string>): Promise<SubgraphResponse> {
    const scope = currentRequest()?.signal;
    return new Promise((resolve, reject) => {
      if (scope?.aborted) return reject(new Error('request aborted'));
      const send = this.target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(this.target, { method: 'POST', headers, agent: this.agent });
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        scope?.removeEventListener('abort', onAbort);
        if (error) {
          req.destroy(error);
          reject(error);
        }
        return true;
      };
      const onAbort = () => finish(new Error('request aborted'));
      const timer = setTimeout(() => finish(new Error(`no answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      scope?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => finish(error));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (error) => finish(error));
        res.on('end', () => {
          if (!finish()) return;
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          resolve({
            ok: status >= 200 && status < 300,
            status,
            statusText: res.statusMessage ?? '',
            url: this.options.url,
            headers: {
              get: (name) => {
                const v = res.headers[name.toLowerCase()];
                return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
              },
            },
            json: async () => JSON.parse(text) as unknown,
            text: async () => text,
          });
        });
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
