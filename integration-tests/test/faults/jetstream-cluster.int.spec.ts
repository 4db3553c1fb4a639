import { spawnSync } from 'child_process';
import { randomUUID } from 'crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import type { ConsumerMessages, NatsConnection } from 'nats';
import { AckPolicy, connect, DeliverPolicy } from 'nats';

import { ensureStream, streamName } from '@petition/events';

import { freePort, killAllChildren, NatsServer, until } from '../../src/fault-harness';

// ARCHITECTURE.md's production NATS on loopback: three JetStream nodes from the system's
// nats-server, an R3 file-storage stream made by the platform's own ensureStream, a steady stream
// of publishes with message ids, and the stream leader killed -9 in the middle. Every publish
// JetStream acknowledged must be in the stream exactly once, and a durable consumer must go on.

const PREFIX = 'cluster.';
const TOTAL = 300;

/** `sync_interval: always` (ack only what is on disk) needs nats-server ≥ 2.10; 2.9 refuses the field. */
function supportsSyncInterval(dir: string): boolean {
  const probe = join(dir, 'probe.conf');
  writeFileSync(probe, `jetstream { store_dir: "${join(dir, 'probe')}", sync_interval: always }\n`);
  return spawnSync('nats-server', ['-c', probe, '-t'], { encoding: 'utf8', timeout: 10_000 }).status === 0;
}

describe('three-node JetStream cluster: a node killed mid-stream', () => {
  const dir = mkdtempSync(join(tmpdir(), 'petition-cluster-'));
  const nodes: Array<{ name: string; server: NatsServer }> = [];
  let nc: NatsConnection | undefined;
  let reader: NatsConnection | undefined;
  let syncAlways = false;

  beforeAll(async () => {
    syncAlways = supportsSyncInterval(dir);
    const ports = await Promise.all([1, 2, 3].map(async () => ({ client: await freePort(), route: await freePort() })));
    const routes = ports.map((p) => `nats-route://127.0.0.1:${p.route}`).join(', ');
    for (const [i, port] of ports.entries()) {
      const name = `n${i + 1}`;
      const config = join(dir, `${name}.conf`);
      writeFileSync(
        config,
        [
          `server_name: ${name}`,
          `listen: 127.0.0.1:${port.client}`,
          `jetstream { store_dir: "${join(dir, name)}"${syncAlways ? ', sync_interval: always' : ''} }`,
          `cluster { name: petition-test, listen: 127.0.0.1:${port.route}, routes: [${routes}] }`,
        ].join('\n'),
      );
      nodes.push({ name, server: new NatsServer(port.client, dir, config) });
    }
    await Promise.all(nodes.map((n) => n.server.start()));
  }, 60_000);

  afterAll(async () => {
    await nc?.close().catch(() => undefined);
    await reader?.close().catch(() => undefined);
    await killAllChildren();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const t0 = Date.now();
  const stage = (what: string) => process.stderr.write(`cluster stage ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}\n`);

  it('loses no acknowledged event, stores none twice, and the durable consumer carries on', async () => {
    const servers = nodes.map((n) => n.server.url);
    const options = { servers, maxReconnectAttempts: -1, reconnectTimeWait: 250 };
    nc = await connect(options);
    // The meta leader needs a moment after the routes form: JetStream answers nothing before.
    const jsm = await until('a JetStream meta leader', () => nc!.jetstreamManager({ timeout: 2000 }), 30_000, 500);
    const js = nc.jetstream({ timeout: 2000 });
    const stream = await until('an R3 stream on the cluster', () => ensureStream(jsm, PREFIX, 'intake', { replicas: 3 }), 30_000, 500);
    const info = await jsm.streams.info(stream);
    expect(info.config.num_replicas).toBe(3);
    expect(info.config.storage).toBe('file');
    await jsm.consumers.add(stream, {
      durable_name: 'reader',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: 5_000_000_000,
    });

    // The durable consumer, on a connection of its own, counting every event id it is given.
    reader = await connect(options);
    const consumed = new Map<string, number>();
    const readerJs = reader.jetstream();
    let reading = true;
    let current: ConsumerMessages | undefined;
    const readLoop = (async () => {
      while (reading) {
        try {
          const messages = await (await readerJs.consumers.get(stream, 'reader')).consume({ max_messages: 100, expires: 2000 });
          current = messages;
          for await (const m of messages) {
            const id = m.headers?.get('Nats-Msg-Id') ?? '';
            consumed.set(id, (consumed.get(id) ?? 0) + 1);
            m.ack();
            if (!reading) break;
          }
        } catch {
          await new Promise((r) => setTimeout(r, 250)); // the consumer's leader moved: fetch again
        }
      }
    })();

    // Publishes with a message id, retried under the same id until JetStream acknowledges it.
    const acknowledged = new Set<string>();
    let sent = 0;
    let retries = 0;
    let killedAt = -1;
    let killed = '';
    for (let i = 0; i < TOTAL; i++) {
      if (i === TOTAL / 3) {
        const leader = (await jsm.streams.info(stream)).cluster?.leader;
        const victim = nodes.find((n) => n.name === leader) ?? nodes[0];
        killed = victim.name;
        killedAt = i;
        await victim.server.kill('SIGKILL');
        stage(`killed ${killed}`);
      }
      const id = randomUUID();
      sent += 1;
      const body = JSON.stringify({ id, n: i });
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          await js.publish(`${PREFIX}intake.petition.registered`, body, { msgID: id });
          acknowledged.add(id);
          break;
        } catch {
          retries += 1;
          if (Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      await new Promise((r) => setTimeout(r, 5));
    }

    stage(`published ${acknowledged.size}/${sent}, retries ${retries}`);
    // Every acknowledged id in the stream once (read from a surviving node).
    const state = (await jsm.streams.info(stream)).state;
    const stored = new Map<string, number>();
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(stream, { seq });
      const id = (JSON.parse(new TextDecoder().decode(m.data)) as { id: string }).id;
      stored.set(id, (stored.get(id) ?? 0) + 1);
    }
    stage(`scanned ${stored.size}`);
    await until(
      'the durable consumer read every acknowledged event',
      async () => [...acknowledged].every((id) => consumed.has(id)),
      30_000,
    );
    reading = false;
    // Stop the pull first: closing the connection under it leaves its heartbeat monitor retrying.
    await current?.close();
    await Promise.race([readLoop, new Promise((r) => setTimeout(r, 5000))]);
    await reader.close();

    const lost = [...acknowledged].filter((id) => !stored.has(id)).length;
    const duplicated = [...stored.values()].reduce((sum, n) => sum + (n - 1), 0);
    const found = [...acknowledged].filter((id) => stored.get(id) === 1).length;
    const redelivered = [...consumed.values()].reduce((sum, n) => sum + (n - 1), 0);
    console.log(
      `cluster (R3, file storage, ${syncAlways ? 'sync_interval: always' : `sync_interval not supported by nats-server ${nodeVersion()} (needs 2.10+; production runs ≥ 2.10.23): default sync`}): ` +
        `node ${killed} (the stream leader) killed -9 after ${killedAt} publishes; sent ${sent}, acknowledged ${acknowledged.size}, found ${found}, ` +
        `lost ${lost}, duplicated ${duplicated}; publish retries ${retries}; consumer read ${consumed.size} (redelivered ${redelivered})`,
    );
    expect(acknowledged.size).toBe(sent);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(stored.size).toBe(acknowledged.size);
    expect(found).toBe(acknowledged.size);
    expect(state.messages).toBe(acknowledged.size);
    expect(streamName(PREFIX, 'intake')).toBe(stream);
  }, 120_000);
});

function nodeVersion(): string {
  return spawnSync('nats-server', ['--version'], { encoding: 'utf8' })
    .stdout.trim()
    .replace(/^nats-server: /, '');
}
