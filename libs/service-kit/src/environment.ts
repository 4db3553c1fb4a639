// Each service declares its variables once; parsing reports every problem together and the
// service refuses to start. The same declarations print the README's configuration table.
export interface VariableSpec<T> {
  description: string;
  default?: string;
  /** Required in production even when a development default exists. */
  requiredInProduction?: boolean;
  secret?: boolean;
  parse: (raw: string) => T;
}

export type EnvironmentSpec = Record<string, VariableSpec<unknown>>;
export type ParsedEnvironment<S extends EnvironmentSpec> = { [K in keyof S]: S[K] extends VariableSpec<infer T> ? T : never };

export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvironmentError';
  }
}

export function parseEnvironment<S extends EnvironmentSpec>(
  spec: S,
  env: Record<string, string | undefined> = process.env,
): ParsedEnvironment<S> {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const result: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(spec)) {
    const given = env[name];
    if ((given === undefined || given === '') && production && variable.requiredInProduction) {
      problems.push(`${name} is required in production: ${variable.description}`);
      continue;
    }
    const raw = given === undefined || given === '' ? variable.default : given;
    if (raw === undefined) {
      problems.push(`${name} is required: ${variable.description}`);
      continue;
    }
    try {
      result[name] = variable.parse(raw);
    } catch (error) {
      // Never echo a secret's value back into a log.
      const shown = variable.secret ? '(hidden)' : JSON.stringify(raw);
      problems.push(`${name}=${shown} is invalid: ${(error as Error).message}`);
    }
  }
  if (problems.length) throw new EnvironmentError(problems);
  return result as ParsedEnvironment<S>;
}

export const str = (raw: string) => raw;
export const optionalStr = (raw: string) => (raw === '' ? undefined : raw);
export function int(min: number, max: number) {
  return (raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`expected an integer from ${min} to ${max}`);
    return n;
  };
}
export function oneOf<T extends string>(...values: T[]) {
  return (raw: string) => {
    if (!values.includes(raw as T)) throw new Error(`expected one of ${values.join(', ')}`);
    return raw as T;
  };
}
export function url(...protocols: string[]) {
  return (raw: string) => {
    const u = new URL(raw);
    if (protocols.length && !protocols.includes(u.protocol)) throw new Error(`expected a ${protocols.join(' or ')} URL`);
    return raw;
  };
}
export function json<T>(check?: (value: unknown) => T) {
  return (raw: string) => {
    const value = JSON.parse(raw) as unknown;
    return check ? check(value) : (value as T);
  };
}

/** A markdown table of the variables, for the README. */
export function environmentTable(service: string, spec: EnvironmentSpec): string {
  return Object.entries(spec)
    .map(
      ([name, v]) =>
        `| \`${name}\` | ${service} | ${v.default === undefined ? '(required)' : v.default === '' ? '(empty)' : `\`${v.default}\``} | ${v.description} |`,
    )
    .join('\n');
}
