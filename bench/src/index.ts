import { assessmentDashboard } from './assessment/dashboard-bench';
import { eventPipeline } from './events/pipeline-bench';
import { gatewayOverhead } from './gateway/overhead-bench';
import { hotspotReference } from './hotspot/reference';
import { hotspotService } from './hotspot/service-bench';
import { duplicateCheck } from './intake/duplicate-bench';
import { intakeE2e } from './intake/e2e-bench';
import { out } from './machine';
import { type BenchOptions, type Benchmark } from './types';

export { type BenchOptions, type Benchmark } from './types';

/** Every benchmark `npm run bench -- <name>` can run. */
export const BENCHMARKS: Benchmark[] = [
  hotspotReference,
  hotspotService,
  assessmentDashboard,
  eventPipeline,
  intakeE2e,
  gatewayOverhead,
  duplicateCheck,
];

function usage(): void {
  process.stderr.write('usage: npm run bench -- <name> [--quick] [--size N] [--keep]  |  --list\n\nbenchmarks:\n');
  for (const b of BENCHMARKS) process.stderr.write(`  ${b.name.padEnd(20)} ${b.description}\n`);
}

export function parseArgs(argv: string[]): { name?: string; options: BenchOptions } | { error: string } {
  let name: string | undefined;
  const options: BenchOptions = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') options.quick = true;
    else if (a === '--keep') options.keep = true;
    else if (a === '--size' || a.startsWith('--size=')) {
      const v = a === '--size' ? argv[++i] : a.slice('--size='.length);
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) return { error: `--size needs a positive integer, got ${v ?? 'nothing'}` };
      options.size = n;
    } else if (a.startsWith('-')) return { error: `unknown option ${a}` };
    else if (name === undefined) name = a;
    else return { error: `unexpected argument ${a}` };
  }
  return { name, options };
}

async function main(): Promise<number> {
  // One name a line, for scripts (scripts/bench-quick.sh runs every --quick).
  if (process.argv[2] === '--list') {
    for (const b of BENCHMARKS) out(b.name);
    return 0;
  }
  const parsed = parseArgs(process.argv.slice(2));
  if ('error' in parsed) {
    process.stderr.write(parsed.error + '\n');
    usage();
    return 1;
  }
  const bench = BENCHMARKS.find((b) => b.name === parsed.name);
  if (!bench) {
    if (parsed.name !== undefined) process.stderr.write(`unknown benchmark: ${parsed.name}\n`);
    usage();
    return 1;
  }
  out(`== ${bench.name}: ${bench.description}${parsed.options.quick ? ' (quick)' : ''}`);
  await bench.run(parsed.options);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
