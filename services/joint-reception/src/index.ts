export { startReceptionService, RECEPTION_MIGRATIONS, type ReceptionServiceRuntime, type ReceptionServiceOptions } from './app';
export { parseReceptionEnvironment, receptionEnvironmentSpec, type ReceptionEnvironment } from './environment';
export { buildReceptionSchema } from './schema';
export { DEFAULT_RECEPTION_CONFIG, parseReceptionConfig, type ReceptionConfig } from './reception/attendance';
export type { ScreenState } from './screen/screen';
