import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { connect as netConnect, createServer, type Socket } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

import type { JetStreamManager, NatsConnection } from 'nats';
import { connect } from 'nats';
import { Client } from 'pg';

// Real processes the fault suite can kill: a private nats-server and a private PostgreSQL cluster
// (never the shared CI ones), and the five services and the gateway as `node dist/main.js`
// children. Everything on loopback, in temporary directories removed at the end.

const ROOT = resolve(__dirname, '../..');
const PG_BIN = process.env.TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

/** A child process with its output in a log file; killed by `killAll` even when a test failed. */
class Child {
  private static readonly all = new Set<Child>();
  proc?: ChildProcess;
  exited?: Promise<number | null>;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly logFile: string,
    private readonly env: Record<string, string> = {},
  ) {}

  start(): void {
    const out = createWriteStream(this.logFile, { flags: 'a' });
    const proc = spawn(this.command, this.args, { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.pipe(out);
    proc.stderr?.pipe(out);
    this.proc = proc;
    this.exited = new Promise((r) => proc.on('exit', (code) => r(code)));
    Child.all.add(this);
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Sends the signal and waits (bounded) for the process to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.proc!.kill(signal);
    const gone = await Promise.race([this.exited!.then(() => true), sleep(timeoutMs).then(() => false)]);
    if (!gone) {
      this.proc!.kill('SIGKILL');
      await this.exited;
    }
    Child.all.delete(this);
  }

  log(lines = 40): string {
    if (!existsSync(this.logFile)) return '';
    return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }

  static async killAll(): Promise<void> {
    await Promise.all([...Child.all].map((c) => c.kill('SIGKILL', 5000)));
  }
}

/** Kills every child process this file started (afterAll, even when a test failed). */
export const killAllChildren = () => Child.killAll();

/** A nats-server with JetStream, restartable on the same port and store directory. */
export class NatsServer {
  private child?: Child;
  constructor(
    readonly port: number,
    readonly dir: string,
    private readonly config?: string,
  ) {}

  get url() {
    return `nats://127.0.0.1:${this.port}`;
  }

  static async create(dir: string): Promise<NatsServer> {
    return new NatsServer(await freePort(), dir);
  }

  async start(): Promise<void> {
    const args = this.config ? ['-c', this.config] : ['-js', '-sd', join(this.dir, 'js'), '-a', '127.0.0.1', '-p', String(this.port)];
    this.child = new Child(`nats-${this.port}`, 'nats-server', args, join(this.dir, `nats-${this.port}.log`));
    this.child.start();
    await until(`nats-server on ${this.port}`, () => canConnect(this.port), 15_000);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.child?.kill(signal);
  }

  get running() {
    return this.child?.running ?? false;
  }

  log() {
    return this.child?.log() ?? '';
  }
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((r) => {
    const socket: Socket = netConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      r(true);
    });
    socket.once('error', () => r(false));
  });
}

/**
 * A PostgreSQL 15 cluster of its own (initdb, trust on loopback), so "stop PostgreSQL" really
 * takes the database away from the services. initdb refuses root: as root it runs as `postgres`.
 */
export class PgCluster {
  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  url(database = 'postgres') {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private static run(args: string[], timeoutMs = 60_000) {
    const asRoot = process.getuid?.() === 0;
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0], args.slice(1)];
    const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: timeoutMs });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout || r.error}`);
    return r.stdout;
  }

  static async create(parent: string): Promise<PgCluster> {
    const dir = join(parent, 'pg');
    spawnSync('mkdir', ['-p', dir]);
    if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'postgres', parent]);
    PgCluster.run([`${PG_BIN}/initdb`, '-D', dir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], 120_000);
    // Test cluster: no fsync (speed); the crash faults are the services', not the disks'.
    writeFileSync(
      join(dir, 'postgresql.auto.conf'),
      `listen_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nfsync = off\nmax_connections = 200\n`,
    );
    return new PgCluster(await freePort(), dir);
  }

  async start(): Promise<void> {
    PgCluster.run([
      `${PG_BIN}/pg_ctl`,
      '-D',
      this.dir,
      '-o',
      `-p ${this.port}`,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /** `fast`: every connection is cut at once, as when the server is shut down for real. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    PgCluster.run([`${PG_BIN}/pg_ctl`, '-D', this.dir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  async destroy(): Promise<void> {
    try {
      await this.stop('immediate');
    } catch {
      // not running
    }
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = [], database = 'petition'): Promise<T[]> {
    const client = new Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
}

export const SERVICES = {
  intake: 'services/intake',
  case: 'services/case',
  hotspot: 'services/hotspot-screening',
  reception: 'services/joint-reception',
  assessment: 'services/assessment',
} as const;
export type ServiceName = keyof typeof SERVICES;

/** A service (or the gateway) as `node <dir>/dist/main.js`, restartable on the same port. */
export class ServiceProcess {
  private child?: Child;
  constructor(
    readonly name: string,
    readonly dir: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {
    const main = join(ROOT, dir, 'dist/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (npx turbo run build)`);
  }

  get url() {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  get base() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts and waits until /readyz answers 200 (or `ready: false`: until the port answers at all). */
  async start(extraEnv: Record<string, string> = {}, opts: { ready?: boolean; timeoutMs?: number } = {}): Promise<void> {
    this.child = new Child(this.name, process.execPath, [join(ROOT, this.dir, 'dist/main.js')], join(this.logDir, `${this.name}.log`), {
      ...this.env,
      ...extraEnv,
      PORT: String(this.port),
    });
    this.child.start();
    await until(
      `${this.name} ready on ${this.port}`,
      async () => {
        if (!this.child!.running) {
          if (opts.ready === false) return true; // it may be meant to die (a crash point)
          throw new Error(`${this.name} exited:\n${this.child!.log()}`);
        }
        const status = await readyz(this.base);
        return opts.ready === false ? status > 0 : status === 200;
      },
      opts.timeoutMs ?? 60_000,
      200,
    ).catch((error) => {
      throw new Error(`${String(error.message)}\n--- ${this.name} log ---\n${this.child!.log()}`);
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.child?.kill(signal);
  }

  get running() {
    return this.child?.running ?? false;
  }

  /** Resolves when the process has exited by itself (e.g. a crash point fired). */
  async exited(timeoutMs: number): Promise<number | null> {
    return Promise.race([
      this.child!.exited!,
      sleep(timeoutMs).then(() => {
        throw new Error(`${this.name} did not exit within ${timeoutMs} ms`);
      }),
    ]);
  }

  log(lines = 40) {
    return this.child?.log(lines) ?? '';
  }
}

/** HTTP status of GET /readyz (0: nothing answered within the time limit). */
export async function readyz(base: string, timeoutMs = 3000): Promise<number> {
  try {
    const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}

export const SUBJECT_PREFIX = 'fault.';

/** The whole system as processes on a private PostgreSQL and NATS. */
export class FaultPlatform {
  readonly services = {} as Record<ServiceName, ServiceProcess>;
  gateway!: ServiceProcess;
  private nc?: NatsConnection;
  private jsmCache?: JetStreamManager;

  private constructor(
    readonly dir: string,
    readonly pg: PgCluster,
    readonly nats: NatsServer,
  ) {}

  static async start(): Promise<FaultPlatform> {
    const dir = mkdtempSync(join(tmpdir(), 'petition-faults-'));
    const pg = await PgCluster.create(dir);
    await pg.start();
    const nats = await NatsServer.create(dir);
    await nats.start();
    const platform = new FaultPlatform(dir, pg, nats);
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: pg.url('petition'),
      NATS_URL: nats.url,
      NATS_SUBJECT_PREFIX: SUBJECT_PREFIX,
      OVERDUE_SCAN_INTERVAL_MS: '0',
      SCREENING_SCAN_INTERVAL_MS: '0',
      DUTY_SCAN_INTERVAL_MS: '0',
      DB_POOL_SIZE: '4',
    };
    const urls: Record<string, string> = {};
    for (const [name, serviceDir] of Object.entries(SERVICES) as Array<[ServiceName, string]>) {
      platform.services[name] = new ServiceProcess(name, serviceDir, await freePort(), env, dir);
      urls[`${name === 'hotspot' ? 'HOTSPOT' : name === 'reception' ? 'RECEPTION' : name.toUpperCase()}_URL`] = platform.services[name].url;
    }
    // intake first: it creates the database and the application role the others then find.
    await platform.services.intake.start();
    await Promise.all(Object.values(platform.services).map((s) => (s.name === 'intake' ? undefined : s.start())));
    platform.gateway = new ServiceProcess(
      'gateway',
      'gateway',
      await freePort(),
      { NODE_ENV: 'test', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', SUBGRAPH_TIMEOUT_MS: '5000', ...urls },
      dir,
    );
    await platform.gateway.start();
    return platform;
  }

  /** A JetStream manager on the private NATS (reconnects after a restart). */
  async jsm(): Promise<JetStreamManager> {
    if (!this.nc || this.nc.isClosed()) {
      this.nc = await connect({ servers: this.nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
      this.jsmCache = undefined;
    }
    this.jsmCache ??= await this.nc.jetstreamManager({ timeout: 3000 });
    return this.jsmCache;
  }

  async connection(): Promise<NatsConnection> {
    await this.jsm();
    return this.nc!;
  }

  async stop(): Promise<void> {
    await this.nc?.close().catch(() => undefined);
    await killAllChildren();
    await this.pg.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Last lines of every process's log, for a failure message. */
  logs(): string {
    return [...Object.values(this.services), this.gateway]
      .filter(Boolean)
      .map((s) => `--- ${s.name} ---\n${s.log(15)}`)
      .join('\n');
  }
}
