export interface BenchOptions {
  quick: boolean;
  size?: number;
}

/** A registered benchmark: `npm run bench -- <name> [--quick] [--size N]`. */
export interface Benchmark {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<void>;
}
