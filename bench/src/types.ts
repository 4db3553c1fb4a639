export interface BenchOptions {
  quick: boolean;
  size?: number;
  /** Keep what the benchmark created (its database) for a look afterwards. */
  keep?: boolean;
}

/** A registered benchmark: `npm run bench -- <name> [--quick] [--size N] [--keep]`. */
export interface Benchmark {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<void>;
}
