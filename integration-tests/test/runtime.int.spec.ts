import { parseGatewayEnvironment, startGateway } from '@petition/gateway';

import { letter, REGISTER, seedDepartments } from '../src/fixtures';
import type { Platform } from '../src/harness';
import { composedSupergraph, startPlatform, token, waitFor } from '../src/harness';

// The service bootstrap: health and readiness, request ids, body limits, the outbox flushed on
// shutdown, and a gateway that says SERVICE_UNAVAILABLE when a subgraph is down.
describe('service runtime', () => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform();
    await seedDepartments(p, await token({ roles: ['ADMIN'], jurisdiction: '33' }));
  });
  afterAll(() => p?.stop());

  const base = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '');

  it('answers /healthz and /readyz with the state of the database and NATS', async () => {
    for (const url of [p.intake.url, p.case.url, p.hotspot.url, p.reception.url, p.assessment.url]) {
      expect((await fetch(`${base(url)}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base(url)}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true, nats: true } });
    }
    const gateway = await fetch(`${base(p.gateway.url)}/readyz`);
    expect(await gateway.json()).toEqual({
      status: 'ready',
      checks: { intake: true, case: true, hotspot: true, reception: true, assessment: true },
    });
  });

  it('keeps a caller-supplied request id and makes one up otherwise', async () => {
    const clerk = await token({ roles: ['CLERK'] });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${clerk}` };
    const given = await fetch(p.gateway.url, {
      method: 'POST',
      headers: { ...headers, 'x-request-id': 'req-42' },
      body: JSON.stringify({ query: '{ categories { code } }' }),
    });
    expect(given.headers.get('x-request-id')).toBe('req-42');
    const made = await fetch(p.gateway.url, { method: 'POST', headers, body: JSON.stringify({ query: '{ categories { code } }' }) });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a body that is too large or not JSON with a coded error', async () => {
    const big = await fetch(p.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(1_100_000),
    });
    expect(big.status).toBe(413);
    const notJson = await fetch(p.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('pages petitions and cases newest first with stable cursors, filters and a total count', async () => {
    const clerk = await token({ roles: ['CLERK'] });
    const handler = await token({ roles: ['HANDLER'], department: 'D-LABOUR' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      p.clock.advanceMs(60_000);
      const r = await p.gql(clerk, REGISTER, { input: letter({ categoryCode: 'EDUCATION' }) });
      ids.push(r.data.registerPetition.petition.id);
      await p.gql(clerk, `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { id } }`, {
        i: { petitionId: ids[i], mode: 'FORWARD', departmentCode: 'D-LABOUR' },
      });
    }
    const page = `query($a: String) { petitions(first: 2, after: $a, filter: { categoryCode: "EDUCATION" }) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    const first = (await p.gql(clerk, page)).data.petitions;
    const second = (await p.gql(clerk, page, { a: first.pageInfo.endCursor })).data.petitions;
    expect(first.totalCount).toBe(3);
    expect(second.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect([...first.edges, ...second.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual([...ids].reverse());

    const casePage = `query($a: String) { cases(first: 2, after: $a) { totalCount pageInfo { endCursor } edges { node { petitionId } } } }`;
    const c1 = await waitFor('three cases', async () => {
      const r = (await p.gql(handler, casePage)).data.cases;
      return r.totalCount === 3 ? r : null;
    });
    const c2 = (await p.gql(handler, casePage, { a: c1.pageInfo.endCursor })).data.cases;
    expect(new Set([...c1.edges, ...c2.edges].map((e: { node: { petitionId: string } }) => e.node.petitionId))).toEqual(new Set(ids));
  });

  it('stopping the relay flushes what is still in the outbox', async () => {
    const clerk = await token({ roles: ['CLERK'] });
    await p.intake.relay.stop();
    const r = await p.gql(clerk, REGISTER, { input: letter() });
    expect(r.errors).toBeUndefined();
    // Nobody is relaying now: the event waits in the outbox, committed with the petition.
    expect(await p.intake.relay.backlog()).toBe(1);
    await p.intake.relay.stop();
    expect(await p.intake.relay.backlog()).toBe(0);
    await p.intake.relay.start();
  });
});

describe('gateway with a subgraph down', () => {
  it('answers SERVICE_UNAVAILABLE at once instead of hanging', async () => {
    const gateway = await startGateway({
      env: parseGatewayEnvironment({
        PORT: '0',
        LOG_LEVEL: 'error',
        INTAKE_URL: 'http://127.0.0.1:9/graphql',
        CASE_URL: 'http://127.0.0.1:9/graphql',
      }),
      supergraphSdl: await composedSupergraph(),
    });
    try {
      const started = Date.now();
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token({ roles: ['CLERK'] })}` },
        body: JSON.stringify({ query: '{ categories { code } }' }),
      });
      const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.errors[0].message).toMatch(/服务暂时不可用.*\(SERVICE_UNAVAILABLE\)$/);
      expect(Date.now() - started).toBeLessThan(5000);
      const ready = await fetch(gateway.url.replace(/\/graphql$/, '/readyz'));
      expect(ready.status).toBe(503);
    } finally {
      await gateway.stop();
    }
  });
});

describe('signals', () => {
  it('leaves SIGTERM/SIGINT to the service (Apollo registering its own made graceful shutdown hang)', async () => {
    const before = [process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')];
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production'; // Apollo installs its handlers by default outside tests
    try {
      const gateway = await startGateway({
        env: parseGatewayEnvironment({ PORT: '0', LOG_LEVEL: 'error' }),
        supergraphSdl: await composedSupergraph(),
      });
      expect([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')]).toEqual(before);
      await gateway.stop();
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });
});
