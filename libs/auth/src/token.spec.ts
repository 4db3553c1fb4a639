import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';

import { authChecker } from './auth-checker';
import { ANONYMOUS } from './caller';
import { createTokenVerifier, signDevToken } from './token';

const secret = 'unit-test-secret-0123456789abcdef';
const verifier = createTokenVerifier({ audience: 'petition-platform', issuer: 'petition-platform', hsSecret: secret });

describe('token verification', () => {
  it('turns a valid token into the caller: subject, department, roles, jurisdiction', async () => {
    const token = await signDevToken(secret, {
      subject: 'h1',
      roles: ['HANDLER', 'NOT_A_ROLE'],
      department: 'D-HOUSING',
      jurisdiction: '330102',
    });
    expect(await verifier.verify(`Bearer ${token}`)).toEqual({
      subject: 'h1',
      department: 'D-HOUSING',
      roles: ['HANDLER'],
      jurisdiction: '330102',
      anonymous: false,
    });
  });

  it('no header is the anonymous caller; anything wrong is UNAUTHENTICATED', async () => {
    expect(await verifier.verify(undefined)).toBe(ANONYMOUS);
    const expired = await signDevToken(secret, { subject: 'x', roles: ['CLERK'], expiresIn: '-1s' });
    const wrongKey = await signDevToken('another-secret-0123456789abcdefgh', { subject: 'x', roles: ['CLERK'] });
    const wrongAudience = await signDevToken(secret, { subject: 'x', roles: ['CLERK'] }, 'someone-else');
    const noSubject = await new SignJWT({ roles: ['CLERK'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('petition-platform')
      .setIssuer('petition-platform')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    const badJurisdiction = await signDevToken(secret, { subject: 'x', roles: ['CLERK'], jurisdiction: "33' OR 1=1" });
    for (const [header, reason] of [
      [`Bearer ${expired}`, '令牌已过期'],
      [`Bearer ${wrongKey}`, '令牌无效'],
      [`Bearer ${wrongAudience}`, '令牌无效'],
      [`Bearer ${noSubject}`, '缺少主体'],
      [`Bearer ${badJurisdiction}`, '辖区代码无效'],
      ['Basic dXNlcjpwYXNz', 'Bearer'],
    ]) {
      await expect(verifier.verify(header)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining(reason) });
    }
  });

  it('a token verified once is served from the cache, a copy each time, and never after it expires', async () => {
    const token = await signDevToken(secret, { subject: 'cached', roles: ['CLERK'], jurisdiction: '33', expiresIn: '2s' });
    const first = await verifier.verify(`Bearer ${token}`);
    const second = await verifier.verify(`Bearer ${token}`);
    expect(second).toEqual(first);
    second.roles.push('ADMIN');
    expect((await verifier.verify(`Bearer ${token}`)).roles).toEqual(['CLERK']);
    // A forged signature on the same claims is not the cached text: verified, and refused.
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    await expect(verifier.verify(`Bearer ${forged}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await new Promise((r) => setTimeout(r, 2100));
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('production keys: RS256 by a public key or a JWKS; an HS256 token is refused there', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const sign = (alg: string, key: Parameters<SignJWT['sign']>[0]) =>
      new SignJWT({ roles: ['SUPERVISOR'], dept: 'D-BUREAU', jur: '3301' })
        .setProtectedHeader({ alg, kid: 'k1' })
        .setSubject('s1')
        .setAudience('petition-platform')
        .setIssuer('petition-platform')
        .setExpirationTime('1h')
        .sign(key);
    const rs = await sign('RS256', privateKey);
    const byPem = createTokenVerifier({
      audience: 'petition-platform',
      issuer: 'petition-platform',
      publicKeyPem: await exportSPKI(publicKey),
    });
    const byJwks = createTokenVerifier({
      audience: 'petition-platform',
      issuer: 'petition-platform',
      jwksJson: JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] }),
    });
    for (const v of [byPem, byJwks]) {
      expect(await v.verify(`Bearer ${rs}`)).toMatchObject({ subject: 's1', roles: ['SUPERVISOR'], jurisdiction: '3301' });
      const hs = await sign('HS256', new TextEncoder().encode(secret));
      await expect(v.verify(`Bearer ${hs}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });

  it('the auth checker: anonymous → UNAUTHENTICATED, wrong role → FORBIDDEN, right role or any signed-in caller → allowed', () => {
    const check = authChecker as unknown as (data: never, roles: string[]) => boolean;
    const ctx = (roles: string[], anonymous = false) => ({ context: { caller: { ...ANONYMOUS, roles, anonymous } } }) as never;
    expect(() => check(ctx([], true), [])).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    expect(() => check(ctx(['ANALYST']), ['CLERK'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(check(ctx(['CLERK', 'ANALYST']), ['CLERK'])).toBe(true);
    expect(check(ctx(['ANALYST']), [])).toBe(true);
  });
});
