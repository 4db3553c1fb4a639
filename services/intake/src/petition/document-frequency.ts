import type { DataSource } from 'typeorm';

import type { Logger } from '@petition/service-kit';
import { countedBases } from '@petition/text';

// How many stored petitions hold each matter key (the duplicate check's rarity weights), kept in
// memory: the check reads it for every key of the text and of each candidate, thousands of reads
// per check. Registrations add to it at once and to intake.matter_df every `flushMs` in one
// statement, so concurrent registrations never queue on the rows of common bigrams. The counts
// only steer the weights: a crash loses at most `flushMs` of increments, and a replica sees the
// others' registrations at its next reload.
export class DocumentFrequency {
  private counts = new Map<number, number>();
  private pending = new Map<number, number>();
  private pendingDocuments = 0;
  private flushTimer?: NodeJS.Timeout;
  private reloadTimer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  /** Stored petitions the counts are over. */
  documents = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger?: Logger,
    private readonly options: { flushMs?: number; reloadMs?: number } = {},
  ) {}

  readonly get = (key: number): number => this.counts.get(key) ?? 0;

  /** Loads the counts and starts the flush and reload timers. */
  async start(): Promise<void> {
    await this.reload();
    const flushMs = this.options.flushMs ?? 2000;
    const reloadMs = this.options.reloadMs ?? 600_000;
    if (flushMs > 0) {
      this.flushTimer = setInterval(() => void this.flush(), flushMs);
      this.flushTimer.unref();
    }
    if (reloadMs > 0) {
      this.reloadTimer = setInterval(() => void this.reload().catch((e) => this.warn('reload', e)), reloadMs);
      this.reloadTimer.unref();
    }
  }

  /** A petition was stored with these keys: its term bases are counted (libs/text `countedBases`). */
  add(keys: readonly number[]): void {
    for (const k of countedBases(keys)) {
      this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
      this.pending.set(k, (this.pending.get(k) ?? 0) + 1);
    }
    this.documents++;
    this.pendingDocuments++;
  }

  /** Writes the increments since the last flush (sorted keys: concurrent flushes lock in one order). */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    const documents = this.pendingDocuments;
    this.pending = new Map();
    this.pendingDocuments = 0;
    const keys = [...batch.keys()].sort((a, b) => a - b);
    try {
      await this.dataSource.query(
        `INSERT INTO intake.matter_df AS d (key, n) SELECT * FROM unnest($1::int4[], $2::int4[])
         ON CONFLICT (key) DO UPDATE SET n = d.n + EXCLUDED.n`,
        [keys, keys.map((k) => batch.get(k))],
      );
    } catch (error) {
      // Put them back for the next flush.
      for (const [k, n] of batch) this.pending.set(k, (this.pending.get(k) ?? 0) + n);
      this.pendingDocuments += documents;
      this.warn('flush', error);
    }
  }

  private async reload(): Promise<void> {
    await this.flush();
    const rows: Array<{ key: number; n: number }> = await this.dataSource.query(`SELECT key, n FROM intake.matter_df`);
    const [{ documents }] = await this.dataSource.query(`SELECT count(*)::int AS documents FROM intake.petition`);
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.key, r.n);
    // Increments not yet written are not in the table.
    for (const [k, n] of this.pending) counts.set(k, (counts.get(k) ?? 0) + n);
    this.counts = counts;
    this.documents = documents;
  }

  async stop(): Promise<void> {
    clearInterval(this.flushTimer);
    clearInterval(this.reloadTimer);
    await this.flush();
  }

  private warn(what: string, error: unknown) {
    this.logger?.warn(`matter key document frequency ${what} failed`, { error: String((error as Error).message ?? error) });
  }
}
