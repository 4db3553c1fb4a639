import { commonEnvironment, int, optionalStr, parseEnvironment, type VariableSpec } from '@petition/service-kit';

export const assessmentEnvironmentSpec = {
  ...commonEnvironment,
  PORT: { description: 'HTTP port of the assessment subgraph', default: '4005', parse: int(0, 65535) },
  CHROMIUM_PATH: {
    description: 'Chromium that prints bulletins to PDF (Debian package chromium)',
    default: '/usr/bin/chromium',
    parse: optionalStr,
  },
} satisfies Record<string, VariableSpec<unknown>>;

export type AssessmentEnvironment = ReturnType<typeof parseAssessmentEnvironment>;

export function parseAssessmentEnvironment(env: Record<string, string | undefined> = process.env) {
  return parseEnvironment(assessmentEnvironmentSpec, env);
}
