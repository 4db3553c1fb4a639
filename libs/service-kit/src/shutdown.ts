import type { Logger } from './logger';

/**
 * SIGTERM/SIGINT: run the steps in order (stop taking requests, drain consumers, flush the
 * outbox, close connections), then exit. A second signal or a stuck step exits at once.
 */
export function onShutdown(logger: Logger, steps: Array<[string, () => Promise<void>]>, timeoutMs = 20_000): void {
  let stopping = false;
  const run = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info('shutting down', { signal });
    const timer = setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        logger.warn('shutdown step failed', { step: name, error: String(error) });
      }
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void run('SIGTERM'));
  process.on('SIGINT', () => void run('SIGINT'));
}
