import type { JetStreamClient, JetStreamManager } from 'nats';
import type { DataSource } from 'typeorm';

import type { AnyEnvelope } from './envelope';
import { parseEnvelope } from './envelope';
import { streamName } from './streams';
import { quoteIdent } from './tables';

/**
 * Every event of the given streams, oldest first: by occurredAt, then by the order of `sources`,
 * then by stream sequence; each event once. What a read model is rebuilt from.
 */
export async function readStreams(
  js: JetStreamClient,
  jsm: JetStreamManager,
  prefix: string,
  sources: readonly string[],
): Promise<AnyEnvelope[]> {
  const all: Array<{ envelope: AnyEnvelope; rank: number; seq: number }> = [];
  for (const [rank, source] of sources.entries()) {
    const stream = streamName(prefix, source);
    const info = await jsm.streams.info(stream).catch(() => null);
    const last = info?.state.last_seq ?? 0;
    if (!info || info.state.messages === 0) continue;
    const consumer = await js.consumers.get(stream); // ordered, ephemeral
    const messages = await consumer.consume({ max_messages: 1000 });
    for await (const m of messages) {
      try {
        all.push({ envelope: parseEnvelope(m.data), rank, seq: m.seq });
      } catch {
        // Not a valid event: the live consumer dead-lettered it and applied nothing; so does the rebuild.
      }
      if (m.seq >= last) break;
    }
    await messages.close();
  }
  all.sort((a, b) => a.envelope.occurredAt.localeCompare(b.envelope.occurredAt) || a.rank - b.rank || a.seq - b.seq);
  const seen = new Set<string>();
  return all.filter(({ envelope }) => !seen.has(envelope.id) && seen.add(envelope.id)).map((x) => x.envelope);
}

/** Row count and an order-independent digest of a table's full rows, to compare a rebuild with the live table. */
export async function tableDigest(dataSource: DataSource, schema: string, table: string): Promise<{ rows: number; digest: string }> {
  const [row] = await dataSource.query(
    `SELECT count(*)::int AS rows, md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS digest FROM ${quoteIdent(schema)}.${quoteIdent(table)} x`,
  );
  return row as { rows: number; digest: string };
}
