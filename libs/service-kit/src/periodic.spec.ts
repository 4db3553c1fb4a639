import { createLogger } from './logger';
import { startPeriodic } from './shutdown';

const quiet = () => createLogger('test', 'error', {}, () => undefined);

describe('startPeriodic', () => {
  it('runs the task every interval, never two at once, and stop waits for the run in hand', async () => {
    let runs = 0;
    let active = 0;
    let maxActive = 0;
    const periodic = startPeriodic(
      'task',
      5,
      async () => {
        runs++;
        maxActive = Math.max(maxActive, ++active);
        await new Promise((r) => setTimeout(r, 20));
        active--;
      },
      quiet(),
    );
    await new Promise((r) => setTimeout(r, 80));
    await periodic.stop();
    const after = runs;
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(maxActive).toBe(1);
    expect(active).toBe(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(after);
  });

  it('logs a failure and keeps going; an interval of 0 never runs', async () => {
    const lines: string[] = [];
    let runs = 0;
    const failing = startPeriodic(
      'scan',
      5,
      async () => {
        runs++;
        throw new Error('boom');
      },
      createLogger('test', 'warn', {}, (line) => lines.push(line)),
    );
    await new Promise((r) => setTimeout(r, 40));
    await failing.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(lines.some((l) => l.includes('scan failed') && l.includes('boom'))).toBe(true);

    let never = 0;
    const off = startPeriodic('off', 0, async () => void never++, quiet());
    await new Promise((r) => setTimeout(r, 20));
    await off.stop();
    expect(never).toBe(0);
  });
});
