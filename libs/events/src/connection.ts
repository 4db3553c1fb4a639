import type { NatsConnection } from 'nats';
import { connect } from 'nats';

import type { EventLogger } from './logger';

/** A connection that reconnects forever: a broker restart must not need a service restart. */
export async function connectNats(servers: string, name: string, logger: EventLogger): Promise<NatsConnection> {
  const nc = await connect({ servers: servers.split(','), name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
        logger.warn('nats connection status', { status: status.type });
      }
    }
  })();
  return nc;
}
