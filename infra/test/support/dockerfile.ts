// A Dockerfile read into its stages and instructions: enough to check what each image is made of.
export interface Instruction {
  op: string;
  args: string;
}

export interface Stage {
  name: string;
  /** The image or earlier stage it starts from, build arguments substituted. */
  from: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  // Continuation lines joined; comments and blank lines dropped.
  const logical = text
    .replace(/\\\r?\n(\s*#.*\r?\n)*/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  for (const line of logical) {
    const [, op, rest] = /^(\S+)\s*(.*)$/.exec(line)!;
    const upper = op.toUpperCase();
    if (upper === 'ARG' && stages.length === 0) {
      const [name, value = ''] = rest.split('=');
      args[name] = value;
    } else if (upper === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!m) throw new Error(`cannot read FROM ${rest}`);
      const from = m[1].replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args[a ?? b] ?? '');
      stages.push({ name: m[2] ?? String(stages.length), from, instructions: [] });
    } else {
      if (!stages.length) throw new Error(`${op} before the first FROM`);
      stages[stages.length - 1].instructions.push({ op: upper, args: rest });
    }
  }
  return stages;
}

/** A stage and the stages it is built on, base first. */
export function stageChain(stages: Stage[], name: string): Stage[] {
  const stage = stages.find((s) => s.name === name);
  if (!stage) return [];
  return [...stageChain(stages, stage.from), stage];
}

/** `ENV a=1 b=2` and `ENV a 1` as pairs. */
export function envPairs(args: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  if (!args.includes('=')) {
    const [name, ...value] = args.split(/\s+/);
    pairs[name] = value.join(' ');
    return pairs;
  }
  for (const m of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) pairs[m[1]] = m[2].replace(/^"|"$/g, '');
  return pairs;
}

/** Everything the chain's ENV instructions set, later ones winning. */
export function chainEnv(chain: Stage[]): Record<string, string> {
  return Object.assign({}, ...chain.flatMap((s) => s.instructions.filter((i) => i.op === 'ENV').map((i) => envPairs(i.args))));
}

/** The last value of an instruction along the chain (USER, CMD, HEALTHCHECK, ENTRYPOINT...). */
export function lastOf(chain: Stage[], op: string): string | undefined {
  const all = chain.flatMap((s) => s.instructions.filter((i) => i.op === op));
  return all.length ? all[all.length - 1].args : undefined;
}
