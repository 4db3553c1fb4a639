import type { TokenConfig } from '@petition/auth';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, DEV_JWT_SECRET } from '@petition/auth';

import type { VariableSpec } from './environment';
import { int, oneOf, optionalStr, str, url } from './environment';

// Variables every service reads. HS256 with the development secret is refused in production.
export const commonEnvironment = {
  NODE_ENV: { description: 'development, test or production', default: 'development', parse: oneOf('development', 'test', 'production') },
  LOG_LEVEL: { description: 'debug, info, warn or error', default: 'info', parse: oneOf('debug', 'info', 'warn', 'error') },
  DATABASE_URL: {
    description:
      "PostgreSQL URL of the schema owner: creates the schema, runs the migrations and grants DATABASE_APP_USER; the service's own schema in it (production: one database per service)",
    default: 'postgres://postgres@127.0.0.1:5432/petition',
    requiredInProduction: true,
    parse: url('postgres:', 'postgresql:'),
  },
  DATABASE_APP_USER: {
    description:
      'Role the service runs as after migrating (SELECT/INSERT/UPDATE/DELETE, never UPDATE/DELETE on audit_log); created if missing outside production. The DATABASE_URL user itself runs as the owner (refused in production)',
    default: 'petition_app',
    parse: (raw: string) => {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) throw new Error('expected a lower-case PostgreSQL role name');
      return raw;
    },
  },
  DATABASE_APP_PASSWORD: {
    description: 'Password of DATABASE_APP_USER (empty: none, e.g. trust or certificate auth); set when the role is created',
    default: '',
    secret: true,
    parse: (raw: string) => raw,
  },
  NATS_URL: { description: 'NATS servers, comma-separated', default: 'nats://127.0.0.1:4222', requiredInProduction: true, parse: str },
  NATS_SUBJECT_PREFIX: {
    description: 'Prefix for every subject and stream (separates environments sharing a NATS cluster), e.g. `prod.`',
    default: '',
    parse: (raw: string) => {
      if (raw && !/^[a-z0-9_-]+\.$/i.test(raw)) throw new Error('expected letters/digits ending with a dot, e.g. "prod."');
      return raw;
    },
  },
  JWT_SECRET: {
    description: 'HS256 secret (development only; refused when NODE_ENV=production)',
    default: '',
    secret: true,
    parse: optionalStr,
  },
  JWT_PUBLIC_KEY: { description: 'RS256 public key (PEM) that verifies tokens', default: '', secret: false, parse: optionalStr },
  JWT_JWKS_URL: { description: 'JWKS URL that verifies RS256 tokens', default: '', parse: optionalStr },
  JWT_AUDIENCE: { description: 'Expected `aud` claim', default: DEFAULT_AUDIENCE, parse: str },
  JWT_ISSUER: { description: 'Expected `iss` claim', default: DEFAULT_ISSUER, parse: str },
  HOST: { description: 'Address to listen on (0.0.0.0 in a container)', default: '127.0.0.1', parse: str },
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    description:
      'OTLP/HTTP endpoint traces are exported to (e.g. http://otel-collector:4318; /v1/traces is appended); empty: spans are made (their ids reach the logs) but not exported',
    default: '',
    parse: (raw: string) => {
      if (raw && !/^https?:\/\/[^\s]+$/.test(raw)) throw new Error('expected an http(s) URL');
      return raw;
    },
  },
  DB_POOL_SIZE: { description: 'PostgreSQL connections per service instance', default: '10', parse: int(1, 200) },
} satisfies Record<string, VariableSpec<unknown>>;

export function tokenConfig(env: {
  NODE_ENV: string;
  JWT_SECRET?: string;
  JWT_PUBLIC_KEY?: string;
  JWT_JWKS_URL?: string;
  JWT_AUDIENCE: string;
  JWT_ISSUER: string;
}): TokenConfig {
  if (env.JWT_PUBLIC_KEY || env.JWT_JWKS_URL) {
    return { audience: env.JWT_AUDIENCE, issuer: env.JWT_ISSUER, publicKeyPem: env.JWT_PUBLIC_KEY, jwksUrl: env.JWT_JWKS_URL };
  }
  if (env.NODE_ENV === 'production') {
    throw new Error('production needs JWT_PUBLIC_KEY or JWT_JWKS_URL (RS256); HS256 is for development only');
  }
  return { audience: env.JWT_AUDIENCE, issuer: env.JWT_ISSUER, hsSecret: env.JWT_SECRET || DEV_JWT_SECRET };
}
