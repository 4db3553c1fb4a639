import type { Logger } from './logger';

/**
 * SIGTERM/SIGINT: run the steps in order (stop taking requests, drain consumers, flush the
 * outbox, close connections), then exit. A later second signal or a stuck step exits at once.
 */
export function onShutdown(logger: Logger, steps: Array<[string, () => Promise<void>]>, timeoutMs = 20_000): void {
  let stoppingSince = 0;
  const run = async (signal: string) => {
    // Ctrl-C can reach a process twice (from the terminal and from a supervising script): only a
    // second signal a moment later means "stop now".
    if (stoppingSince) {
      if (Date.now() - stoppingSince > 1000) process.exit(1);
      return;
    }
    stoppingSince = Date.now();
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
