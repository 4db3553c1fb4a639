#!/usr/bin/env bash
# A token for the docker compose platform, which runs with NODE_ENV=production and so accepts RS256
# tokens only (`npm run token` signs HS256 ones for `npm start`). Signs with the key pair that
# generate-secrets.sh compose wrote; production tokens come from the city's identity provider.
#
#   infra/scripts/sign-token.sh --roles ADMIN --jur 3301 [--sub admin-1] [--dept D-BUREAU] [--hours 12]
#     [--key infra/.secrets/jwt-private.pem] [--env infra/.env]
#
# Claims as libs/auth reads them: sub, roles, dept, jur (region-code prefix), aud and iss (from the
# env file's JWT_AUDIENCE and JWT_ISSUER), iat, exp.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
key="$here/.secrets/jwt-private.pem"
env_file="$here/.env"
sub=admin-1
roles=""
dept=""
jur=""
hours=12
die() { echo "sign-token: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case $1 in
    --sub) sub=${2:?}; shift 2 ;;
    --roles) roles=${2:?}; shift 2 ;;
    --dept) dept=${2:?}; shift 2 ;;
    --jur) jur=${2:?}; shift 2 ;;
    --hours) hours=${2:?}; shift 2 ;;
    --key) key=${2:?}; shift 2 ;;
    --env) env_file=${2:?}; shift 2 ;;
    *) die "unknown argument $1" ;;
  esac
done

# Plain values only, so the JSON below needs no escaping.
[[ $sub =~ ^[A-Za-z0-9._@-]{1,64}$ ]] || die "--sub: letters, digits, . _ @ - only"
[[ $roles =~ ^[A-Z_]+(,[A-Z_]+)*$ ]] || die "--roles: e.g. ADMIN or CLERK,SUPERVISOR"
[[ -z $dept || $dept =~ ^[A-Za-z0-9_-]{1,64}$ ]] || die "--dept: letters, digits, _ - only"
[[ $jur =~ ^[0-9]{0,12}$ ]] || die "--jur: a region-code prefix, digits only"
[[ $hours =~ ^[0-9]{1,4}$ ]] || die "--hours: a number"
[ -r "$key" ] || die "no private key at $key: run infra/scripts/generate-secrets.sh compose"

setting() {
  local value=""
  [ -r "$env_file" ] && value=$(sed -n "s/^$1=//p" "$env_file" | tail -1)
  printf '%s' "${value:-$2}"
}
audience=$(setting JWT_AUDIENCE petition-platform)
issuer=$(setting JWT_ISSUER petition-platform)
[[ $audience =~ ^[A-Za-z0-9:/._-]+$ && $issuer =~ ^[A-Za-z0-9:/._-]+$ ]] || die "JWT_AUDIENCE / JWT_ISSUER: unexpected characters"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

now=$(date +%s)
roles_json="\"${roles//,/\",\"}\""
dept_json=""
[ -n "$dept" ] && dept_json=",\"dept\":\"$dept\""
header='{"alg":"RS256","typ":"JWT"}'
payload="{\"sub\":\"$sub\",\"roles\":[$roles_json]$dept_json,\"jur\":\"$jur\",\"aud\":\"$audience\",\"iss\":\"$issuer\",\"iat\":$now,\"exp\":$((now + hours * 3600))}"
signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature=$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$key" -binary | b64url)
echo "$signing_input.$signature"
