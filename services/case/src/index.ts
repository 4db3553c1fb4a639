export { startCaseService, CASE_MIGRATIONS, type CaseServiceRuntime, type CaseServiceOptions } from './app';
export { parseCaseEnvironment, caseEnvironmentSpec, type CaseEnvironment } from './environment';
export { buildCaseSchema } from './schema';
export { nextState, CASE_STATES, type CaseState } from './case/case-rules';
