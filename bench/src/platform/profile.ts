import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { out } from '../machine';
import { fmt, formatTable } from '../stats';

// CPU profiles of the platform's processes: BENCH_CPU_PROF names the processes to run under
// `node --cpu-prof` (a comma list of intake, case, hotspot, reception, assessment, gateway; `1` means
// the gateway, `all` every process). Each writes its profile when it stops; the bench then prints
// the top functions by self time, and by inclusive time for this codebase's own functions.

export function profiledProcesses(): Set<string> {
  const v = (process.env.BENCH_CPU_PROF ?? '').trim();
  if (!v || v === '0') return new Set();
  if (v === '1') return new Set(['gateway']);
  if (v === 'all') return new Set(['intake', 'case', 'hotspot', 'reception', 'assessment', 'gateway']);
  return new Set(v.split(',').map((s) => s.trim()));
}

interface CpuProfile {
  nodes: Array<{ id: number; hitCount: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  startTime: number;
  endTime: number;
  samples: number[];
}

const frameKey = (n: CpuProfile['nodes'][number]) => {
  const where = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(gateway|libs|services)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
};

/** Prints the top functions of the profile a process wrote into `dir` (one profile per directory). */
export function printProfile(name: string, dir: string, top = 25): void {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  if (!files.length) return out(`no CPU profile of ${name} in ${dir}`);
  const prof = JSON.parse(readFileSync(join(dir, files[0]), 'utf8')) as CpuProfile;
  const interval = (prof.endTime - prof.startTime) / 1000 / Math.max(1, prof.samples.length);
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  for (const n of prof.nodes) {
    const k = frameKey(n);
    self.set(k, (self.get(k) ?? 0) + n.hitCount * interval);
    if (n.callFrame.functionName !== '(idle)') total += n.hitCount * interval;
  }
  // Inclusive time of the platform's own functions (a frame counted once per stack).
  const inclusive = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const n = byId.get(id)!;
    let t = n.hitCount * interval;
    const k = frameKey(n);
    const own = /^\S+ (gateway|libs|services)\//.test(k) && !onStack.has(k);
    if (own) onStack.add(k);
    for (const c of n.children ?? []) t += walk(c, onStack);
    if (own) {
      onStack.delete(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + t);
    }
    return t;
  };
  walk(prof.nodes[0].id, new Set());
  out('');
  out(
    `${name} CPU profile (${join(dir, files[0])}), ${fmt(total / 1000, 1)} s busy of ${fmt((prof.endTime - prof.startTime) / 1e6, 1)} s:`,
  );
  const rows = (m: Map<string, number>) =>
    [...m]
      .filter(([k]) => !k.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k.slice(0, 110), fmt(v, 0), fmt((100 * v) / total, 1)]);
  out(formatTable(['self time: function', 'ms', '% busy'], rows(self)));
  out(formatTable(['inclusive time: platform function', 'ms', '% busy'], rows(inclusive)));
}
