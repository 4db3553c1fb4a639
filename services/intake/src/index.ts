export { startIntakeService, INTAKE_MIGRATIONS, type IntakeService, type IntakeServiceOptions } from './app';
export { parseIntakeEnvironment, intakeEnvironmentSpec, type IntakeEnvironment } from './environment';
export { buildIntakeSchema } from './schema';
export { generateValidIdNumber, validateIdNumber, maskIdNumber } from './petitioner/id-number';
