import { CALENDAR_VARIABLE } from '@petition/clock';
import { commonEnvironment, int, parseEnvironment, type VariableSpec } from '@petition/service-kit';

// Development keys: fixed so a local restart can still decrypt the demo data. Production must set its own.
const DEV_PII_KEYS = 'dev1:ZGV2LW9ubHktcGlpLWtleS0zMi1ieXRlcy1sb25nISE=';
const DEV_INDEX_KEY = 'ZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5LTMyYnl0ZSE=';

export const intakeEnvironmentSpec = {
  ...commonEnvironment,
  PORT: { description: 'HTTP port of the intake subgraph', default: '4001', parse: int(0, 65535) },
  PII_KEYS: {
    description: 'Personal-data encryption keys `id:base64(32 bytes)`, comma-separated; old keys keep decrypting',
    default: DEV_PII_KEYS,
    requiredInProduction: true,
    secret: true,
    parse: (raw: string) => raw,
  },
  PII_ACTIVE_KEY: {
    description: 'Key id that encrypts new personal data',
    default: 'dev1',
    requiredInProduction: true,
    parse: (raw: string) => raw,
  },
  PII_INDEX_KEY: {
    description: 'base64(32 bytes) key of the blind index (keyed hash of ID numbers) and of access-code hashes',
    default: DEV_INDEX_KEY,
    requiredInProduction: true,
    secret: true,
    parse: (raw: string) => raw,
  },
  CONTENT_SIGNATURE_KEY: {
    description:
      'Key of the content signatures (keyed MinHash of petition text) sent to the hotspot service; changing it splits clusters for one window',
    default: 'dev-only-content-signature-key',
    requiredInProduction: true,
    secret: true,
    parse: (raw: string) => raw,
  },
  CALENDAR_JSON: CALENDAR_VARIABLE,
  ROUTING_DAYS: { description: 'Days to forward or assign a registered matter (art. 22)', default: '15', parse: int(1, 90) },
} satisfies Record<string, VariableSpec<unknown>>;

export type IntakeEnvironment = ReturnType<typeof parseIntakeEnvironment>;

export function parseIntakeEnvironment(env: Record<string, string | undefined> = process.env) {
  return parseEnvironment(intakeEnvironmentSpec, env);
}
