// npm run token -- --roles CLERK,SUPERVISOR --dept D-BUREAU --jur 3301 --sub clerk-1
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, signDevToken } from './token';
import { ROLES } from './caller';

export const DEV_JWT_SECRET = 'dev-only-secret-not-for-production-0123456789';

async function main() {
  const args = process.argv.slice(2);
  const get = (name: string, fallback?: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  if (args.includes('--help')) {
    console.log(`usage: npm run token -- [--sub ID] [--roles ${ROLES.join(',')}] [--dept CODE] [--jur REGION_PREFIX] [--exp 12h]`);
    return;
  }
  const roles = (get('roles', 'CLERK,SUPERVISOR') ?? '').split(',').filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) {
    console.error(`unknown role(s): ${unknown.join(', ')}; known: ${ROLES.join(', ')}`);
    process.exit(2);
  }
  const token = await signDevToken(
    process.env.JWT_SECRET ?? DEV_JWT_SECRET,
    {
      subject: get('sub', 'dev-user')!,
      roles,
      department: get('dept', null as unknown as string),
      jurisdiction: get('jur', ''),
      expiresIn: get('exp', '12h'),
    },
    process.env.JWT_AUDIENCE ?? DEFAULT_AUDIENCE,
    process.env.JWT_ISSUER ?? DEFAULT_ISSUER,
  );
  console.log(token);
}

if (require.main === module) void main();
