import { existsSync } from 'fs';
import { join } from 'path';
import { Worker } from 'worker_threads';

import { extractMatter, matterKeys } from '@petition/text';

// Matter keys of many texts for the duplicate-check bench, exactly as intake stores them
// (`matterKeys(extractMatter(summary + ' ' + demands))`, unkeyed: the migration's and the
// registration's rule), as PostgreSQL int4[] literals. jieba and pinyin cost about 0.2 ms a text, so
// a million texts are minutes of CPU: `workers` > 0 computes them in worker threads
// (matter-keys-worker.ts), 0 in this thread. Either way the caller can overlap the computation of
// one batch with the insert of the previous one.

export interface KeyedBatch {
  /** `{k1,k2,…}` per text, in the texts' order. */
  literals: string[];
  /** Keys over the batch. */
  keys: number;
  /** Milliseconds spent in extractMatter + matterKeys (in the worker that did it). */
  ms: number;
}

/** A text's keys as an int4[] literal. */
export function keysLiteral(text: string): { literal: string; count: number } {
  const keys = matterKeys(extractMatter(text));
  return { literal: `{${keys.join(',')}}`, count: keys.length };
}

export function keyBatch(texts: readonly string[]): KeyedBatch {
  const started = process.hrtime.bigint();
  let keys = 0;
  const literals = texts.map((t) => {
    const { literal, count } = keysLiteral(t);
    keys += count;
    return literal;
  });
  return { literals, keys, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

interface Job {
  id: number;
  texts: readonly string[];
  resolve: (b: KeyedBatch) => void;
  reject: (e: unknown) => void;
}

/** Computes batches of keys in `workers` threads (or in this one when 0), first come first served. */
export class MatterKeyPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private nextId = 0;

  constructor(readonly workers: number) {
    const script = join(__dirname, 'matter-keys-worker.js');
    // Under jest (TypeScript sources, no compiled worker) the keys are computed in this thread.
    if (workers > 0 && !existsSync(script)) this.workers = 0;
    for (let i = 0; i < this.workers; i++) {
      const w = new Worker(script);
      w.on('message', (b: KeyedBatch) => this.done(w, b));
      w.on('error', (e) => this.fail(w, e));
      this.all.push(w);
      this.idle.push(w);
    }
  }

  keys(texts: readonly string[]): Promise<KeyedBatch> {
    if (this.workers === 0) {
      try {
        return Promise.resolve(keyBatch(texts));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, texts, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.running.set(w, job);
      w.postMessage(job.texts);
    }
  }

  private done(w: Worker, b: KeyedBatch): void {
    const job = this.running.get(w);
    this.running.delete(w);
    this.idle.push(w);
    job?.resolve(b);
    this.dispatch();
  }

  private fail(w: Worker, e: unknown): void {
    this.running.get(w)?.reject(e);
    this.running.delete(w);
    for (const job of this.queue.splice(0)) job.reject(e);
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
