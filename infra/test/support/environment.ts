// The environment each workload reads, from the services' own declarations (src/environment.ts,
// exported by each package). Loaded with jest.requireActual so that type-checking infra/ does not
// compile every service.
export interface VariableSpec {
  description: string;
  default?: string;
  requiredInProduction?: boolean;
  secret?: boolean;
}
export type EnvironmentSpec = Record<string, VariableSpec>;

export interface Workload {
  /** Deployment, compose service and image target name. */
  name: string;
  /** Directory with src/main.ts. */
  dir: string;
  kind: 'subgraph' | 'gateway';
  spec: EnvironmentSpec;
}

const load = (pkg: string, exported: string): EnvironmentSpec => {
  const spec = jest.requireActual<Record<string, EnvironmentSpec>>(pkg)[exported];
  if (!spec) throw new Error(`${pkg} does not export ${exported}`);
  return spec;
};

export function loadWorkloads(): Workload[] {
  return [
    { name: 'intake', dir: 'services/intake', kind: 'subgraph', spec: load('@petition/intake', 'intakeEnvironmentSpec') },
    { name: 'case', dir: 'services/case', kind: 'subgraph', spec: load('@petition/case', 'caseEnvironmentSpec') },
    {
      name: 'hotspot-screening',
      dir: 'services/hotspot-screening',
      kind: 'subgraph',
      spec: load('@petition/hotspot-screening', 'hotspotEnvironmentSpec'),
    },
    {
      name: 'joint-reception',
      dir: 'services/joint-reception',
      kind: 'subgraph',
      spec: load('@petition/joint-reception', 'receptionEnvironmentSpec'),
    },
    { name: 'assessment', dir: 'services/assessment', kind: 'subgraph', spec: load('@petition/assessment', 'assessmentEnvironmentSpec') },
    { name: 'gateway', dir: 'gateway', kind: 'gateway', spec: load('@petition/gateway', 'gatewayEnvironmentSpec') },
  ];
}

export const requiredInProduction = (spec: EnvironmentSpec) =>
  Object.entries(spec)
    .filter(([, v]) => v.requiredInProduction)
    .map(([name]) => name);
