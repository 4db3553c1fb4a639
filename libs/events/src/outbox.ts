import type { EntityManager } from 'typeorm';

import type { EventType } from './contract';
import type { Envelope, NewEvent } from './envelope';
import { createEnvelope } from './envelope';
import { quoteIdent } from './tables';

/**
 * Writes an event into the service's outbox inside the caller's transaction: the state change and
 * the event that reports it commit together or not at all. The relay publishes it afterwards.
 */
export class Outbox {
  private readonly table: string;

  constructor(
    readonly schema: string,
    readonly source: string,
  ) {
    this.table = `${quoteIdent(schema)}.outbox`;
  }

  async append<T extends EventType>(tx: EntityManager, event: NewEvent<T>): Promise<Envelope<T>> {
    if (!tx.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.append must run inside a transaction');
    }
    const envelope = createEnvelope(this.source, event);
    await tx.query(`INSERT INTO ${this.table} (id, type, aggregate_id, envelope) VALUES ($1, $2, $3, $4)`, [
      envelope.id,
      envelope.type,
      envelope.aggregateId,
      JSON.stringify(envelope),
    ]);
    return envelope;
  }
}
