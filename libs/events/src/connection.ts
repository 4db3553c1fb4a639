import type { NatsConnection } from 'nats';
import { connect } from 'nats';

import type { EventLogger } from './logger';

/**
 * A connection that reconnects forever: a broker restart must not need a service restart. Without
 * the client's async stack traces: it captures one for every request and publish (a quarter of the
 * relay's CPU in the event-pipeline bench), for an error message the logs do not need.
 */
export async function connectNats(servers: string, name: string, logger: EventLogger): Promise<NatsConnection> {
  const nc = await connect({ servers: servers.split(','), name, maxReconnectAttempts: -1, reconnectTimeWait: 500, noAsyncTraces: true });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
        logger.warn('nats connection status', { status: status.type });
      }
    }
  })();
  return nc;
}
