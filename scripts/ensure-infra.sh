#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432, user postgres) and NATS with JetStream (127.0.0.1:4222)
# are reachable, and Chromium with a Chinese font is there: starts them if installed, installs them
# from Debian's packages if not.
# Fails with a message that says what to do when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .run

PGHOST_=${PGHOST:-127.0.0.1}
PGPORT_=${PGPORT:-5432}
NATS_HOST=127.0.0.1
NATS_PORT=4222

say() { echo "[infra] $*"; }
die() { echo "[infra] ERROR: $*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# apt_install "<what it is for>" package...: installs from Debian's packages, or says what to do.
apt_install() {
  local purpose=$1
  shift
  if ! command -v apt-get >/dev/null; then
    die "$* missing and this is not a Debian-like system: install $* yourself ($purpose)"
  fi
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  say "installing $* from Debian packages"
  $sudo apt-get update -qq >/dev/null || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null \
    || die "could not install $*: install it by hand (apt-get install -y $*) and run again"
}

# --- PostgreSQL -----------------------------------------------------------------------------
if port_open "$PGHOST_" "$PGPORT_"; then
  say "PostgreSQL is reachable on $PGHOST_:$PGPORT_"
else
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install "then start it on $PGHOST_:$PGPORT_" postgresql
  fi
  ver=$(ls /etc/postgresql | sort -V | tail -1)
  conf="/etc/postgresql/$ver/main"
  # Local development and CI only: trust on loopback, listen on 127.0.0.1.
  if ! grep -q "petition-platform" "$conf/pg_hba.conf" 2>/dev/null; then
    { echo "# petition-platform: loopback trust for development"; echo "host all all 127.0.0.1/32 trust"; echo "host all all ::1/128 trust"; echo "local all all trust"; cat "$conf/pg_hba.conf"; } > /tmp/pg_hba.conf.new
    cp /tmp/pg_hba.conf.new "$conf/pg_hba.conf"
  fi
  say "starting PostgreSQL $ver"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || pg_ctlcluster "$ver" main start \
    || die "could not start PostgreSQL: start it yourself (pg_ctlcluster $ver main start) and run again"
  for _ in $(seq 1 50); do port_open "$PGHOST_" "$PGPORT_" && break; sleep 0.2; done
  port_open "$PGHOST_" "$PGPORT_" || die "PostgreSQL did not open $PGHOST_:$PGPORT_"
fi

# The services connect as user postgres without a password unless DATABASE_URL says otherwise.
if [ -z "${DATABASE_URL:-}" ] && command -v psql >/dev/null; then
  PGCONNECT_TIMEOUT=5 psql -h "$PGHOST_" -p "$PGPORT_" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1 \
    || die "PostgreSQL on $PGHOST_:$PGPORT_ refused user postgres without a password: allow trust on loopback (pg_hba.conf) or set DATABASE_URL and TEST_DATABASE_URL with credentials"
fi

# --- NATS with JetStream --------------------------------------------------------------------
if port_open "$NATS_HOST" "$NATS_PORT"; then
  say "NATS is reachable on $NATS_HOST:$NATS_PORT"
else
  command -v nats-server >/dev/null || apt_install "then start it with JetStream on $NATS_HOST:$NATS_PORT" nats-server
  mkdir -p .run/nats-data
  say "starting nats-server with JetStream (data in .run/nats-data, log in .run/nats.log)"
  nohup nats-server -js -sd "$PWD/.run/nats-data" -a "$NATS_HOST" -p "$NATS_PORT" > .run/nats.log 2>&1 &
  for _ in $(seq 1 50); do port_open "$NATS_HOST" "$NATS_PORT" && break; sleep 0.2; done
  port_open "$NATS_HOST" "$NATS_PORT" || die "nats-server did not start: see .run/nats.log"
fi

# --- Chromium ---------------------------------------------------------------------------------
# Debian's Chromium prints bulletins to PDF and runs the browser tests (a browser download at install
# time does not work offline), with a Chinese font for both.
need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then need+=(fonts-wqy-microhei); fi
# The bulletin test reads the printed PDF back as text (pdftotext, from poppler-utils).
command -v pdftotext >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then
  say "Chromium, a Chinese font and pdftotext are installed"
else
  apt_install "or set CHROMIUM_PATH to a Chromium" "${need[@]}"
fi
