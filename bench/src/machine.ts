import os from 'os';

/** Benchmarks print through this, not console.log (the house lint rule keeps console out of src). */
export function out(line = ''): void {
  process.stdout.write(line + '\n');
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() || 'unknown',
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

export function printMachine(): void {
  const m = machineInfo();
  out(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB RAM, Node ${m.node}, ${m.platform}`);
}

/** The 1-, 5- and 15-minute load averages, as every benchmark prints them beside its figures. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** Peak resident set size of this process so far, in MiB (`maxRSS` is reported in KiB). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function printPeakRss(): void {
  out(`peak RSS: ${peakRssMiB().toFixed(0)} MiB`);
}

/** Wall-clock milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
