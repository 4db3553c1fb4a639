import type { JetStreamManager, StreamConfig } from 'nats';
import { DiscardPolicy, RetentionPolicy, StorageType } from 'nats';

/** Subjects may carry a deployment prefix (`prod.`) so environments (and test runs) never cross. */
export function subjectFor(prefix: string, type: string): string {
  return `${prefix}${type}`;
}

export function streamName(prefix: string, source: string): string {
  return `${prefix.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}${source.toUpperCase()}`;
}

const nanos = (ms: number) => ms * 1_000_000;

/**
 * One stream per publishing service, file storage, limits retention (read models are rebuilt by
 * replaying it). Created or updated idempotently by every service that publishes or consumes.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  prefix: string,
  source: string,
  opts: { replicas?: number; duplicateWindowMs?: number } = {},
): Promise<string> {
  const name = streamName(prefix, source);
  const config: Partial<StreamConfig> = {
    name,
    subjects: [`${prefix}${source}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: opts.replicas ?? 1,
    duplicate_window: nanos(opts.duplicateWindowMs ?? 2 * 60_000),
  };
  try {
    const existing = await jsm.streams.info(name);
    // An operator may have scaled the stream (R3 in production): a service starting keeps that.
    if (opts.replicas === undefined) config.num_replicas = existing.config.num_replicas;
    await jsm.streams.update(name, config);
  } catch (error) {
    if (!String((error as Error).message).includes('not found')) throw error;
    try {
      await jsm.streams.add(config);
    } catch (addError) {
      // Two services starting at once may race to create the same stream.
      if (!String((addError as Error).message).includes('already in use')) throw addError;
    }
  }
  return name;
}
