#!/usr/bin/env bash
# Random passwords and keys for the platform, in one of two shapes (needs bash and openssl):
#
#   generate-secrets.sh compose [--out DIR]
#       docker compose: writes DIR/.env (default infra/.env, read by infra/docker-compose.yml) and a
#       local RS256 key pair for tokens, DIR/.secrets/jwt-private.pem (sign-token.sh signs with it;
#       the public half is JWT_PUBLIC_KEY in .env). Refuses to overwrite an existing .env.
#
#   generate-secrets.sh k8s [--jwt-public-key FILE]
#       Kubernetes: prints the Secrets of k8s/secrets.example.yaml with fresh values to stdout.
#       FILE is the PEM public key of the city's identity provider; without it JWT_PUBLIC_KEY is
#       empty and JWT_JWKS_URL must be set (k8s/config.yaml). Redirect it to a safe place, never
#       into the repository.
#
# Keys: 32 random bytes, base64 (PII_KEYS entry k1, PII_INDEX_KEY, CONTENT_SIGNATURE_KEY);
# passwords: 24 random bytes, hex (safe inside a URL).
set -euo pipefail

DATABASES=(intake cases hotspot reception assessment)

key() { openssl rand -base64 32; }
password() { openssl rand -hex 24; }
die() { echo "generate-secrets: $*" >&2; exit 2; }

mode=${1:-}
[ $# -gt 0 ] && shift
out="$(cd "$(dirname "$0")/.." && pwd)"
jwt_public_key_file=""
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --jwt-public-key) jwt_public_key_file=${2:?--jwt-public-key needs a file}; shift 2 ;;
    *) die "unknown argument $1" ;;
  esac
done

compose() {
  local env_file="$out/.env" private_key="$out/.secrets/jwt-private.pem"
  [ -e "$env_file" ] && die "$env_file exists: remove it first (its passwords are in the postgres volume too)"
  mkdir -p "$out/.secrets"
  chmod 700 "$out/.secrets"
  if [ ! -e "$private_key" ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$private_key" 2>/dev/null
    chmod 600 "$private_key"
  fi
  # One line: the services strip whitespace from a PEM key, and compose reads one line per value.
  local public_key
  public_key=$(openssl pkey -in "$private_key" -pubout | tr -d '\n')
  umask 077
  {
    echo "# docker compose secrets, generated $(date -u +%Y-%m-%dT%H:%M:%SZ) by infra/scripts/generate-secrets.sh."
    echo "# Local use only; never commit (.gitignore)."
    echo "POSTGRES_PASSWORD=$(password)"
    local db upper
    for db in "${DATABASES[@]}"; do
      upper=$(printf '%s' "$db" | tr 'a-z' 'A-Z')
      echo "${upper}_OWNER_PASSWORD=$(password)"
      echo "${upper}_APP_PASSWORD=$(password)"
    done
    echo "JWT_PUBLIC_KEY='$public_key'"
    echo "JWT_AUDIENCE=petition-platform"
    echo "JWT_ISSUER=petition-local"
    echo "PII_KEYS=k1:$(key)"
    echo "PII_ACTIVE_KEY=k1"
    echo "PII_INDEX_KEY=$(key)"
    echo "CONTENT_SIGNATURE_KEY=$(key)"
  } > "$env_file"
  echo "wrote $env_file and $private_key" >&2
}

# A YAML block scalar line, indented.
indent() { sed 's/^/    /'; }

secret_header() {
  printf -- '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  labels:\n    app.kubernetes.io/part-of: petition-platform\n' "$1"
}

k8s() {
  local public_key=""
  if [ -n "$jwt_public_key_file" ]; then
    grep -q -- '-----BEGIN PUBLIC KEY-----' "$jwt_public_key_file" || die "$jwt_public_key_file is not a PEM public key"
    public_key=$(cat "$jwt_public_key_file")
  fi
  echo "# Generated $(date -u +%Y-%m-%dT%H:%M:%SZ) by infra/scripts/generate-secrets.sh: keep it out of the repository."
  secret_header petition-jwt
  echo "type: Opaque"
  echo "stringData:"
  if [ -n "$public_key" ]; then
    echo "  JWT_PUBLIC_KEY: |"
    printf '%s\n' "$public_key" | indent
  else
    echo "  # Empty: set JWT_JWKS_URL in k8s/config.yaml (petition-common) instead."
    echo '  JWT_PUBLIC_KEY: ""'
  fi
  secret_header intake-keys
  echo "type: Opaque"
  echo "stringData:"
  echo "  PII_KEYS: \"k1:$(key)\""
  echo "  PII_ACTIVE_KEY: \"k1\""
  echo "  PII_INDEX_KEY: \"$(key)\""
  echo "  CONTENT_SIGNATURE_KEY: \"$(key)\""
  local db owner_password app_password
  for db in "${DATABASES[@]}"; do
    owner_password=$(password)
    app_password=$(password)
    secret_header "$db-db-owner"
    echo '    cnpg.io/reload: "true"'
    echo "type: kubernetes.io/basic-auth"
    echo "stringData:"
    echo "  username: ${db}_owner"
    echo "  password: $owner_password"
    echo "  uri: postgres://${db}_owner:$owner_password@petition-pg-rw:5432/$db?sslmode=verify-full&sslrootcert=/etc/petition/postgres-ca/ca.crt"
    secret_header "$db-db-app"
    echo '    cnpg.io/reload: "true"'
    echo "type: kubernetes.io/basic-auth"
    echo "stringData:"
    echo "  username: ${db}_app"
    echo "  password: $app_password"
  done
}

case $mode in
  compose) compose ;;
  k8s) k8s ;;
  *) die "usage: generate-secrets.sh compose [--out DIR] | k8s [--jwt-public-key FILE]" ;;
esac
