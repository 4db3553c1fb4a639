import { request } from 'http';
import { connect } from 'net';

import { GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';

import { createTokenVerifier, DEV_JWT_SECRET, signDevToken } from '@petition/auth';

import type { RunningHttpServer } from './http-server';
import { startHttpServer } from './http-server';
import { createLogger } from './logger';
import { currentRequest } from './request-scope';

// The shared HTTP layer with the defaults a subgraph gets, on a small schema of its own: the parts
// the platform's services cannot be made to show on demand (a resolver that hangs, one that throws).
describe('startHttpServer: what every subgraph applies by default', () => {
  const lines: string[] = [];
  const aborted: boolean[] = [];
  let server: RunningHttpServer;
  let production: RunningHttpServer;
  let token: string;

  const Item = new GraphQLObjectType({
    name: 'Item',
    fields: { name: { type: GraphQLString }, children: { type: new GraphQLList(GraphQLString) } },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        items: { type: new GraphQLList(Item), args: { first: { type: GraphQLInt } }, resolve: () => [{ name: 'a', children: [] }] },
        slow: {
          type: GraphQLString,
          resolve: async () => {
            await new Promise((resolve) => setTimeout(resolve, 1500));
            aborted.push(currentRequest()?.signal.aborted ?? false);
            return 'late';
          },
        },
        broken: {
          type: GraphQLString,
          resolve: () => {
            throw new Error('connection to 10.0.0.7:5432 refused (password authentication failed for user "svc")');
          },
        },
        trackPetition: { type: GraphQLString, args: { trackingNumber: { type: GraphQLString } }, resolve: () => 'REGISTERED' },
      },
    }),
  });
  const start = (hideSchemaDetails: boolean) =>
    startHttpServer({
      schema,
      port: 0,
      verifier: createTokenVerifier({ audience: 'petition-platform', issuer: 'petition-platform', hsSecret: DEV_JWT_SECRET }),
      logger: createLogger('test', 'info', {}, (line) => lines.push(line)),
      readiness: async () => ({ ok: true }),
      buildContext: (base) => base,
      hideSchemaDetails,
      requestTimeoutMs: hideSchemaDetails ? undefined : 300,
    });

  beforeAll(async () => {
    server = await start(false);
    production = await start(true);
    token = await signDevToken(DEV_JWT_SECRET, { subject: 'clerk-1', roles: ['CLERK'], jurisdiction: '3301' });
  });
  afterAll(async () => {
    await server?.close();
    await production?.close();
  });

  const post = async (url: string, body: unknown, auth: string | null = token) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, requestId: res.headers.get('x-request-id'), body: (await res.json()) as any };
  };

  it('a request over its time limit → HTTP 504 REQUEST_TIMEOUT at once; the request signal is aborted', async () => {
    const started = Date.now();
    const r = await post(server.url, { query: '{ slow }' });
    expect(Date.now() - started).toBeLessThan(1200);
    expect(r.status).toBe(504);
    expect(r.body.errors[0]).toEqual({
      message: expect.stringMatching(/请求处理超时.*\(REQUEST_TIMEOUT\)$/),
      extensions: { code: 'REQUEST_TIMEOUT', requestId: r.requestId },
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(aborted).toEqual([true]);
  });

  it('an unexpected error is masked, carries the request id, and is logged with it', async () => {
    const r = await post(server.url, { query: '{ broken }' });
    expect(r.body.errors[0]).toEqual({
      message: expect.stringMatching(/服务器内部错误.*\(INTERNAL_SERVER_ERROR\)$/),
      path: ['broken'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: r.requestId },
    });
    expect(JSON.stringify(r.body)).not.toContain('10.0.0.7');
    const logged = lines.find((l) => l.includes('unhandled error') && l.includes(r.requestId!));
    expect(logged).toContain('password authentication failed');
  });

  it('every error carries the request id, validation errors included', async () => {
    const r = await post(server.url, { query: '{ itemz { name } }' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', requestId: r.requestId });
  });

  it('suggestions only outside production', async () => {
    expect((await post(server.url, { query: '{ itemz { name } }' })).body.errors[0].message).toContain('Did you mean "items"');
    const prod = await post(production.url, { query: '{ itemz { name } }' });
    expect(prod.body.errors[0].message).not.toMatch(/Did you mean|items/);
  });

  it('defaults: batches of 5, page size 200, no rate limit', async () => {
    const six = Array.from({ length: 6 }, () => ({ query: '{ items { name } }' }));
    const refused = await post(server.url, six);
    expect([refused.status, refused.body.errors[0].extensions.code]).toEqual([400, 'BATCH_TOO_LARGE']);
    expect(await post(server.url, six.slice(1)).then((r) => r.body.length)).toBe(5);
    const page = await post(server.url, { query: '{ items(first: 201) { name } }' });
    expect([page.status, page.body.errors[0].extensions.code]).toEqual([400, 'PAGE_TOO_LARGE']);
    for (let i = 0; i < 150; i++) expect((await post(server.url, { query: '{ __typename }' }, null)).status).toBe(200);
  });

  it('a body streamed past 1 MB without a length → HTTP 413 PAYLOAD_TOO_LARGE, the rest drained, the server still answers', async () => {
    const { hostname, port, pathname } = new URL(server.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { hostname, port, path: pathname, method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      for (let i = 0; i < 32; i++) req.write(chunk); // 2 MB
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await post(server.url, { query: '{ __typename }' })).status).toBe(200);
  });

  it('close() does not wait for a connection that never sent a request (a browser preconnect)', async () => {
    const other = await start(true);
    const socket = connect(other.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1000);
    socket.destroy();
  });

  it('without a token: only the public field; the refusal is HTTP 401 before validation', async () => {
    expect((await post(server.url, { query: '{ trackPetition(trackingNumber: "x") }' }, null)).body).toEqual({
      data: { trackPetition: 'REGISTERED' },
    });
    const r = await post(server.url, { query: '{ itemz { name } }' }, null);
    expect([r.status, r.body.errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(JSON.stringify(r.body)).not.toContain('items');
    // A document that does not parse, or one past the small token budget, is not let through to find out why.
    for (const query of ['{ trackPetition(', `{ trackPetition(trackingNumber: "x") ${'__typename '.repeat(3000)}}`]) {
      const r = await post(server.url, { query }, null);
      expect([r.status, r.body.errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    // An operation without query text (e.g. a persisted-query hash) has nothing to check: refused.
    const hashOnly = await post(server.url, { extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }, null);
    expect([hashOnly.status, hashOnly.body.errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
  });
});
