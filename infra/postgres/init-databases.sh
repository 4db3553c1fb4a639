#!/usr/bin/env bash
# docker-compose's PostgreSQL: run once by the image's entrypoint on an empty data directory
# (/docker-entrypoint-initdb.d). Production has the same shape through CloudNativePG
# (k8s/postgres/cluster.yaml): one database per service with a UTF-8 ctype (pg_trgm needs it for
# Chinese), owned by the service's owner role (DATABASE_URL: migrations, grants), and the
# application role the service runs as (DATABASE_APP_USER), which production requires to exist.
# Passwords come from the environment (infra/.env, written by scripts/generate-secrets.sh).
set -euo pipefail

create_service_database() {
  local db=$1 owner_password=$2 app_password=$3
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    --set=db="$db" --set=owner="${db}_owner" --set=app="${db}_app" \
    --set=owner_password="$owner_password" --set=app_password="$app_password" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN PASSWORD :'app_password';
CREATE DATABASE :"db" OWNER :"owner" TEMPLATE template0 ENCODING 'UTF8'
  LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8';
-- Only the owner connects until the service grants its application role (and no one else).
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
  echo "database $db: owner ${db}_owner, application role ${db}_app"
}

create_service_database intake "${INTAKE_OWNER_PASSWORD:?}" "${INTAKE_APP_PASSWORD:?}"
create_service_database cases "${CASES_OWNER_PASSWORD:?}" "${CASES_APP_PASSWORD:?}"
create_service_database hotspot "${HOTSPOT_OWNER_PASSWORD:?}" "${HOTSPOT_APP_PASSWORD:?}"
create_service_database reception "${RECEPTION_OWNER_PASSWORD:?}" "${RECEPTION_APP_PASSWORD:?}"
create_service_database assessment "${ASSESSMENT_OWNER_PASSWORD:?}" "${ASSESSMENT_APP_PASSWORD:?}"
