export { startAssessmentService, ASSESSMENT_MIGRATIONS, type AssessmentServiceRuntime, type AssessmentServiceOptions } from './app';
export { parseAssessmentEnvironment, assessmentEnvironmentSpec, type AssessmentEnvironment } from './environment';
export { buildAssessmentSchema } from './schema';
export { AssessmentProjector, ASSESSMENT_SOURCES } from './read-model/projector';
export { readModelTablesUp, READ_MODEL_TABLES, MONTHLY_ROLLUPS } from './migrations/read-model-tables';
export { StatsService, DIMENSIONS, type Dimension } from './stats/stats.service';
export { parsePeriod, previousYear, yearOnYear, percent } from './stats/period';
export { TOWNSHIP_RULES_V1, scoreUnits, rank } from './scoring/rules';
