import { timingSafeEqual } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';

import { Client } from 'pg';
import type { DataSource } from 'typeorm';

import type { Clock } from '@petition/clock';
import { chinaDate } from '@petition/clock';
import type { Logger } from '@petition/service-kit';
import { isUuid } from '@petition/subgraph';

import { SCREEN_PAGE as PAGE } from './screen-page';

/** What the hall's display shows: ticket numbers, windows and counts; never a person. */
export interface ScreenState {
  hall: string;
  date: string;
  updatedAt: string;
  calls: Array<{ number: string; windowNo: string; label: string; calledAt: string }>;
  windows: Array<{ windowNo: string; label: string; nowServing: string | null; waiting: number; onDuty: boolean }>;
  unassignedWaiting: number;
  totalWaiting: number;
}

const CHANNEL = 'reception_queue';

/**
 * The live queue screen: `/screen/<hallId>?key=<screenKey>` (the page), `/state` (JSON) and
 * `/events` (server-sent events). A committed change to a hall's queue sends pg_notify; every
 * replica LISTENs and pushes the new state to the screens connected to it.
 */
export class QueueScreen {
  private readonly clients = new Map<string, Set<ServerResponse>>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private listener?: Client;
  private heartbeat?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly deps: { dataSource: DataSource; databaseUrl: string; clock: Clock; logger: Logger }) {}

  async start(): Promise<void> {
    await this.listen();
    // A comment line keeps proxies from closing idle streams; a full state every 30 s heals a lost notification.
    let beats = 0;
    this.heartbeat = setInterval(() => {
      beats++;
      for (const [hallId, set] of this.clients) {
        for (const res of set) res.write(': ping\n\n');
        if (beats % 2 === 0) this.schedule(hallId);
      }
    }, 15_000);
    this.heartbeat.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const set of this.clients.values()) for (const res of set) res.end();
    this.clients.clear();
    await this.listener?.end().catch(() => undefined);
  }

  /** HTTP routes beside /graphql; true when the request was a screen request. */
  routes = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://screen');
    const match = /^\/screen\/([^/]+)(\/state|\/events)?$/.exec(url.pathname);
    if (!match) return false;
    const [, hallId, sub] = match;
    if (req.method !== 'GET' || !(await this.keyMatches(hallId, url.searchParams.get('key') ?? ''))) {
      res.statusCode = 404;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('未找到该叫号屏');
      return true;
    }
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    if (!sub) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader(
        'content-security-policy',
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
      );
      res.end(PAGE);
    } else if (sub === '/state') {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(await this.state(hallId)));
    } else {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
      res.write(`retry: 1000\nevent: state\ndata: ${JSON.stringify(await this.state(hallId))}\n\n`);
      let set = this.clients.get(hallId);
      if (!set) this.clients.set(hallId, (set = new Set()));
      set.add(res);
      req.on('close', () => {
        set!.delete(res);
        if (!set!.size) this.clients.delete(hallId);
      });
    }
    return true;
  };

  async state(hallId: string): Promise<ScreenState> {
    const now = this.deps.clock.now();
    const day = chinaDate(now);
    const q = this.deps.dataSource;
    const [hall] = await q.query(`SELECT name FROM reception.hall WHERE id = $1`, [hallId]);
    const windows = await q.query(
      `SELECT s.window_no, s.label,
         (SELECT t.number FROM reception.ticket t WHERE t.station_id = s.id AND t.service_date = $2 AND t.state = 'CALLED'
           ORDER BY t.called_at DESC LIMIT 1) AS now_serving,
         (SELECT count(*) FROM reception.ticket t WHERE t.station_id = s.id AND t.service_date = $2 AND t.state = 'WAITING')::int AS waiting,
         EXISTS (SELECT 1 FROM reception.duty_shift d WHERE d.station_id = s.id AND d.service_date = $2
           AND d.checked_in_at IS NOT NULL AND d.checked_out_at IS NULL) AS on_duty
       FROM reception.station s WHERE s.hall_id = $1 AND s.active ORDER BY length(s.window_no), s.window_no`,
      [hallId, day],
    );
    const calls = await q.query(
      `SELECT t.number, s.window_no, s.label, t.called_at FROM reception.ticket t JOIN reception.station s ON s.id = t.station_id
       WHERE t.hall_id = $1 AND t.service_date = $2 AND t.called_at IS NOT NULL ORDER BY t.called_at DESC, t.seq DESC LIMIT 6`,
      [hallId, day],
    );
    const [{ unassigned }] = await q.query(
      `SELECT count(*)::int AS unassigned FROM reception.ticket WHERE hall_id = $1 AND service_date = $2 AND state = 'WAITING' AND station_id IS NULL`,
      [hallId, day],
    );
    const shown = windows.map((w: any) => ({
      windowNo: w.window_no,
      label: w.label,
      nowServing: w.now_serving,
      waiting: w.waiting,
      onDuty: w.on_duty,
    }));
    return {
      hall: hall?.name ?? '',
      date: day,
      updatedAt: now.toISOString(),
      calls: calls.map((c: any) => ({ number: c.number, windowNo: c.window_no, label: c.label, calledAt: c.called_at.toISOString() })),
      windows: shown,
      unassignedWaiting: unassigned,
      totalWaiting: unassigned + shown.reduce((n: number, w: { waiting: number }) => n + w.waiting, 0),
    };
  }

  private async keyMatches(hallId: string, key: string): Promise<boolean> {
    if (!isUuid(hallId) || !key) return false;
    const [row] = await this.deps.dataSource.query(`SELECT screen_key FROM reception.hall WHERE id = $1`, [hallId]);
    if (!row) return false;
    const a = Buffer.from(row.screen_key);
    const b = Buffer.from(key);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Coalesces a burst of changes into one push, 50 ms after the first. */
  private schedule(hallId: string) {
    if (!this.clients.has(hallId) || this.pending.has(hallId)) return;
    this.pending.set(
      hallId,
      setTimeout(() => {
        this.pending.delete(hallId);
        void this.push(hallId);
      }, 50),
    );
  }

  private async push(hallId: string) {
    const set = this.clients.get(hallId);
    if (!set?.size) return;
    try {
      const frame = `event: state\ndata: ${JSON.stringify(await this.state(hallId))}\n\n`;
      for (const res of set) res.write(frame);
    } catch (error) {
      this.deps.logger.warn('queue screen push failed', { error: String(error) });
    }
  }

  /** Reconnects until it succeeds, then refreshes every connected screen (notifications may have been missed). */
  private reconnect() {
    if (this.stopped) return;
    setTimeout(() => {
      this.listen().then(
        () => {
          for (const hallId of this.clients.keys()) this.schedule(hallId);
        },
        (error) => {
          this.deps.logger.warn('queue screen listener reconnect failed', { error: String(error) });
          this.reconnect();
        },
      );
    }, 1000).unref();
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.deps.databaseUrl });
    client.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload) this.schedule(msg.payload);
    });
    client.on('error', (error) => {
      this.deps.logger.warn('queue screen listener lost its connection', { error: String(error) });
    });
    client.on('end', () => this.reconnect());
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }
}
