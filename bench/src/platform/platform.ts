import { spawn, type ChildProcess } from 'child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';

import { DEV_JWT_SECRET, signDevToken } from '@petition/auth';
import { streamName } from '@petition/events';

import { out } from '../machine';

import { printProfile, profiledProcesses } from './profile';

// The whole platform as the bench's own child processes (`node <dir>/dist/main.js`, as deployed),
// on a database and a subject prefix of its own on the shared PostgreSQL and NATS; everything it
// created is removed at the end (the database is kept with --keep). Same idea as the fault
// harness in integration-tests, which the bench does not import.

const ROOT = resolve(__dirname, '../../..');
export const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Node options of the services and the gateway: the images' heap limits (BENCH_SERVICE_NODE_OPTIONS replaces them). */
const serviceNodeOptions = (name: string) =>
  process.env.BENCH_SERVICE_NODE_OPTIONS ?? `--max-old-space-size=${name === 'assessment' ? 256 : 128}`;

export const SERVICE_DIRS = {
  intake: 'services/intake',
  case: 'services/case',
  hotspot: 'services/hotspot-screening',
  reception: 'services/joint-reception',
  assessment: 'services/assessment',
} as const;
export type ServiceName = keyof typeof SERVICE_DIRS;
const STREAM_SOURCES = ['intake', 'case', 'hotspot', 'reception', 'assessment'];

async function freePort(): Promise<number> {
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

const running = new Set<ChildProcess>();
// Whatever happens to the bench, its children do not outlive it.
process.on('exit', () => {
  for (const proc of running) proc.kill('SIGKILL');
});

/** One service (or the gateway) as a child process, its output in a log file. */
export class PlatformProcess {
  proc?: ChildProcess;
  private exited?: Promise<void>;

  constructor(
    readonly name: string,
    private readonly dir: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
    private readonly nodeArgs: string[] = [],
  ) {
    const main = join(ROOT, dir, 'dist/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (npx turbo run build)`);
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get url(): string {
    return `${this.base}/graphql`;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get alive(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async start(timeoutMs = 120_000): Promise<void> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const proc = spawn(process.execPath, [...this.nodeArgs, join(ROOT, this.dir, 'dist/main.js')], {
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.pipe(log);
    proc.stderr?.pipe(log);
    this.proc = proc;
    running.add(proc);
    this.exited = new Promise((r) => proc.on('exit', () => r()));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.alive) throw new Error(`${this.name} exited while starting:\n${this.log()}`);
      if ((await readyz(this.base)) === 200) return;
      if (Date.now() > deadline) throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.log()}`);
      await sleep(250);
    }
  }

  /** SIGTERM (a graceful stop: a CPU profile is written then), SIGKILL after the grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.proc) return;
    if (this.alive) {
      this.proc.kill('SIGTERM');
      const gone = await Promise.race([this.exited!.then(() => true), sleep(graceMs).then(() => false)]);
      if (!gone) {
        this.proc.kill('SIGKILL');
        await this.exited;
      }
    }
    running.delete(this.proc);
  }

  log(lines = 30): string {
    if (!existsSync(this.logFile)) return '';
    return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }
}

async function readyz(base: string): Promise<number> {
  try {
    const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(3000) });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}

export interface PlatformOptions {
  id: string;
  keep: boolean;
  /** Only these services (intake is always among them) and no gateway; default: the whole platform. */
  only?: ServiceName[];
}

export const token = (roles: string[], extra: { department?: string; jurisdiction?: string } = {}) =>
  signDevToken(DEV_JWT_SECRET, { subject: `bench-${roles.join('-').toLowerCase()}`, jurisdiction: '33', roles, ...extra });

export class BenchPlatform {
  readonly services = {} as Record<ServiceName, PlatformProcess>;
  gateway!: PlatformProcess;
  readonly db: Client;
  private nc?: NatsConnection;

  private constructor(
    readonly options: PlatformOptions,
    readonly database: string,
    readonly prefix: string,
    readonly dir: string,
  ) {
    this.db = new Client({ connectionString: `${PG_URL}/${database}` });
  }

  /** Starts intake first (it creates the database), the other four, then the gateway. */
  static async start(options: PlatformOptions): Promise<BenchPlatform> {
    const dir = mkdtempSync(join(tmpdir(), 'petition-bench-'));
    const p = new BenchPlatform(options, `petition_bench_${options.id}`, `bench${options.id}.`, dir);
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      DATABASE_URL: `${PG_URL}/${p.database}`,
      NATS_URL,
      NATS_SUBJECT_PREFIX: p.prefix,
      OVERDUE_SCAN_INTERVAL_MS: '0',
      SCREENING_SCAN_INTERVAL_MS: '0',
      DUTY_SCAN_INTERVAL_MS: '0',
      ...(process.env.BENCH_DB_POOL_SIZE ? { DB_POOL_SIZE: process.env.BENCH_DB_POOL_SIZE } : {}),
    };
    const urls: Record<string, string> = {};
    const profiled = profiledProcesses();
    const nodeArgs = (name: string) => (profiled.has(name) ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, `prof-${name}`)}`] : []);
    for (const [name, serviceDir] of Object.entries(SERVICE_DIRS) as Array<[ServiceName, string]>) {
      if (options.only && name !== 'intake' && !options.only.includes(name)) continue;
      // As the images run them (infra/docker/Dockerfile).
      const processEnv = { ...env, NODE_OPTIONS: serviceNodeOptions(name) };
      p.services[name] = new PlatformProcess(name, serviceDir, await freePort(), processEnv, join(dir, `${name}.log`), nodeArgs(name));
      urls[`${name.toUpperCase()}_URL`] = p.services[name].url;
    }
    try {
      await p.services.intake.start();
      await Promise.all(Object.values(p.services).map((s) => (s.name === 'intake' ? undefined : s.start())));
      if (!options.only)
        p.gateway = new PlatformProcess(
          'gateway',
          'gateway',
          await freePort(),
          {
            NODE_ENV: 'test',
            LOG_LEVEL: 'warn',
            HOST: '127.0.0.1',
            RATE_LIMIT_PER_MINUTE: '0',
            ...urls,
            NODE_OPTIONS: serviceNodeOptions('gateway'),
          },
          join(dir, 'gateway.log'),
          nodeArgs('gateway'),
        );
      await p.gateway?.start();
      await p.db.connect();
    } catch (error) {
      await p.stop();
      throw error;
    }
    out(`platform: database ${p.database}, subject prefix ${p.prefix}, logs in ${dir}`);
    out(`  ${p.processes.map((s) => `${s.name} pid ${s.pid} :${s.port}`).join(', ')}`);
    return p;
  }

  get processes(): PlatformProcess[] {
    return [...Object.values(this.services), ...(this.gateway ? [this.gateway] : [])];
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[];
  }

  async nats(): Promise<NatsConnection> {
    this.nc ??= await connect({ servers: NATS_URL });
    return this.nc;
  }

  /** Stops every process, deletes the streams, drops the database (unless --keep) and the logs. */
  async stop(): Promise<void> {
    // The gateway first: it stops taking requests before the subgraphs go.
    if (this.gateway) await this.gateway.stop();
    await Promise.all(Object.values(this.services).map((s) => s.stop()));
    for (const name of profiledProcesses()) printProfile(name, join(this.dir, `prof-${name}`));
    await this.db.end().catch(() => undefined);
    try {
      const nc = await this.nats();
      const jsm = await nc.jetstreamManager();
      for (const source of STREAM_SOURCES) await jsm.streams.delete(streamName(this.prefix, source)).catch(() => undefined);
      await nc.close();
    } catch (error) {
      out(`warning: streams of ${this.prefix} not deleted: ${String(error)}`);
    }
    if (this.options.keep) {
      out(`kept database ${this.database} and logs in ${this.dir}`);
      return;
    }
    const admin = new Client({ connectionString: `${PG_URL}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    await admin.end();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---- resident memory of the children ---------------------------------------------------------------

/** VmRSS and VmHWM (peak) of a process in MiB, from /proc (Linux). */
export function readRss(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Samples every process's RSS every `everyMs`; peaks per phase and over the whole run. */
export class RssSampler {
  private timer?: NodeJS.Timeout;
  private current = 'start';
  readonly peaks = new Map<string, Map<string, number>>();

  constructor(
    private readonly processes: PlatformProcess[],
    private readonly everyMs = 250,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
    return this;
  }

  phase(label: string): void {
    this.current = label;
    this.sample();
  }

  private sample(): void {
    const peaks = this.peaks.get(this.current) ?? new Map<string, number>();
    this.peaks.set(this.current, peaks);
    for (const p of this.processes) {
      const r = p.pid !== undefined ? readRss(p.pid) : undefined;
      if (r && !Number.isNaN(r.rss)) peaks.set(p.name, Math.max(peaks.get(p.name) ?? 0, r.rss));
    }
  }

  /** Highest sampled RSS of a process in the given phases (all phases when none given). */
  peak(name: string, phases?: string[]): number {
    let max = NaN;
    for (const [phase, peaks] of this.peaks) {
      if (phases && !phases.includes(phase)) continue;
      const v = peaks.get(name);
      if (v !== undefined) max = Number.isNaN(max) ? v : Math.max(max, v);
    }
    return max;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
