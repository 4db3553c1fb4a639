import { EnvironmentError } from './environment';
import type { Logger, LogLevel } from './logger';
import { createLogger } from './logger';

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

/**
 * A service's `main`: parse the environment (a bad variable prints what is wrong and exits 1),
 * start, and stop gracefully on SIGTERM/SIGINT. A failure to start is logged and exits 1.
 */
export function runMain<E extends { LOG_LEVEL: LogLevel }>(
  service: string,
  parse: () => E,
  start: (env: E, logger: Logger) => Promise<{ stop(): Promise<void> }>,
): void {
  const main = async () => {
    let env: E;
    try {
      env = parse();
    } catch (error) {
      console.error(error instanceof EnvironmentError ? error.message : String(error));
      process.exit(1);
    }
    const logger = createLogger(service, env.LOG_LEVEL);
    const running = await start(env, logger);
    onShutdown(logger, [[service, () => running.stop()]]);
  };
  main().catch((error) => {
    console.error(JSON.stringify({ level: 'error', service, msg: 'failed to start', error: String(error?.message ?? error) }));
    process.exit(1);
  });
}

/** A periodic task (a scan): never two runs at once, failures logged; an interval of 0 turns it off. */
export function startPeriodic(name: string, intervalMs: number, task: () => Promise<unknown>, logger: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          running ??= task()
            .catch((error) => logger.warn(`${name} failed`, { error: String(error) }))
            .finally(() => (running = undefined));
        }, intervalMs)
      : undefined;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
