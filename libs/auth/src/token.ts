import type { JWTPayload, JWTVerifyGetKey, KeyLike } from 'jose';
import { createLocalJWKSet, createRemoteJWKSet, importSPKI, jwtVerify, SignJWT } from 'jose';

import { CodedError } from '@petition/subgraph';

import type { Caller } from './caller';
import { ANONYMOUS, isRole } from './caller';

export const DEFAULT_AUDIENCE = 'petition-platform';
export const DEFAULT_ISSUER = 'petition-platform';

export interface TokenConfig {
  audience: string;
  issuer: string;
  /** HS256 shared secret: local development only (the environment parser refuses it in production). */
  hsSecret?: string;
  /** RS256 public key (PEM, SPKI). */
  publicKeyPem?: string;
  /** RS256 keys from a JWKS URL, or an inline JWKS document. */
  jwksUrl?: string;
  jwksJson?: string;
}

export interface TokenVerifier {
  /** Missing header → anonymous caller (only public fields answer it); bad token → UNAUTHENTICATED. */
  verify(authorization: string | undefined | null): Promise<Caller>;
}

/** A verified token is trusted again for at most this long (never past its `exp`) without re-verifying. */
export const VERIFIED_TOKEN_TTL_MS = 30_000;
const VERIFIED_TOKEN_MAX = 10_000;

export function createTokenVerifier(config: TokenConfig): TokenVerifier {
  // Every request is verified at the gateway and again at each subgraph it fetches from: a portal
  // sends the same token many times a minute. Signature checks are cached by the token's exact text
  // for VERIFIED_TOKEN_TTL_MS (a key withdrawn from the JWKS is honoured that much later); an
  // expired token is never served from the cache.
  const verified = new Map<string, { caller: Caller; until: number }>();
  let keyPromise: Promise<KeyLike | Uint8Array | JWTVerifyGetKey> | undefined;
  const algorithms = config.hsSecret ? ['HS256'] : ['RS256'];
  const key = () => {
    keyPromise ??= (async () => {
      if (config.publicKeyPem) return importSPKI(config.publicKeyPem, 'RS256');
      if (config.jwksJson) return createLocalJWKSet(JSON.parse(config.jwksJson));
      if (config.jwksUrl) return createRemoteJWKSet(new URL(config.jwksUrl));
      if (config.hsSecret) return new TextEncoder().encode(config.hsSecret);
      throw new Error('no JWT key configured');
    })();
    return keyPromise;
  };

  return {
    async verify(authorization) {
      if (!authorization) return ANONYMOUS;
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match) throw new CodedError('UNAUTHENTICATED', 'Authorization 头须为 Bearer 令牌');
      const now = Date.now();
      const hit = verified.get(match[1]);
      if (hit && hit.until > now) return { ...hit.caller, roles: [...hit.caller.roles] };
      let payload: JWTPayload;
      try {
        const k = await key();
        const options = { audience: config.audience, issuer: config.issuer, algorithms };
        payload =
          typeof k === 'function'
            ? (await jwtVerify(match[1], k as JWTVerifyGetKey, options)).payload
            : (await jwtVerify(match[1], k, options)).payload;
      } catch (error) {
        const reason = (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? '令牌已过期' : '令牌无效';
        throw new CodedError('UNAUTHENTICATED', reason);
      }
      const caller = callerFromClaims(payload);
      const until = Math.min(now + VERIFIED_TOKEN_TTL_MS, typeof payload.exp === 'number' ? payload.exp * 1000 : now);
      if (verified.size >= VERIFIED_TOKEN_MAX) verified.delete(verified.keys().next().value as string);
      verified.set(match[1], { caller, until });
      return { ...caller, roles: [...caller.roles] };
    },
  };
}

export function callerFromClaims(payload: JWTPayload): Caller {
  const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
  if (typeof payload.sub !== 'string' || !payload.sub) {
    throw new CodedError('UNAUTHENTICATED', '令牌缺少主体 (sub)');
  }
  const jurisdiction = typeof payload.jur === 'string' ? payload.jur : '';
  if (!/^\d{0,12}$/.test(jurisdiction)) throw new CodedError('UNAUTHENTICATED', '令牌的辖区代码无效');
  return {
    subject: payload.sub,
    department: typeof payload.dept === 'string' && payload.dept ? payload.dept : null,
    roles,
    jurisdiction,
    anonymous: false,
  };
}

export interface DevTokenInput {
  subject: string;
  department?: string | null;
  roles: string[];
  jurisdiction?: string;
  expiresIn?: string;
}

/** Signs an HS256 token for local development and tests. */
export async function signDevToken(secret: string, input: DevTokenInput, audience = DEFAULT_AUDIENCE, issuer = DEFAULT_ISSUER) {
  return new SignJWT({ roles: input.roles, dept: input.department ?? undefined, jur: input.jurisdiction ?? '' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(input.subject)
    .setAudience(audience)
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime(input.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(secret));
}
