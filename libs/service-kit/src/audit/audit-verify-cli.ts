// npm run audit:verify -- [--database-url postgres://…/petition] [--schema intake,cases]
// Exit code 0: every chain intact; 1: a chain is broken (or none found); 2: bad arguments or no connection.
import { parseAuditVerifyArgs, runAuditVerify } from './audit-verify';

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(
      'usage: npm run audit:verify -- [--database-url URL (default $DATABASE_URL)] [--schema NAME[,NAME]] (default: every schema with an audit_log)',
    );
    return;
  }
  let args;
  try {
    args = parseAuditVerifyArgs(argv);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  process.exitCode = await runAuditVerify(args, (line) => console.log(line));
}

main().catch((error) => {
  console.error(`audit:verify failed: ${(error as Error).message}`);
  process.exit(2);
});
