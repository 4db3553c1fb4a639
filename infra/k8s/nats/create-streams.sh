#!/bin/sh
# Creates the platform's JetStream streams with three replicas (R3), or raises existing ones to
# three: one stream per publishing service, named and configured as libs/events/src/streams.ts
# does (file storage, limits retention, discard old, 2-minute duplicate window). Idempotent.
# Runs in natsio/nats-box: the Kubernetes Job (streams-job.yaml) and docker-compose's nats-streams.
#   NATS_URL             servers, e.g. nats://nats:4222 (read by the nats CLI)
#   NATS_SUBJECT_PREFIX  the services' prefix (e.g. prod.), empty by default
#   STREAM_REPLICAS      3 by default
set -eu

PREFIX="${NATS_SUBJECT_PREFIX:-}"
REPLICAS="${STREAM_REPLICAS:-3}"
# streamName(): the prefix with every non-alphanumeric character as _, upper-cased, then the source.
STREAM_PREFIX=$(printf '%s' "$PREFIX" | tr -c 'A-Za-z0-9' '_' | tr 'a-z' 'A-Z')

# The cluster needs a JetStream meta leader before it accepts an R3 stream.
tries=0
until nats account info >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 90 ]; then
    echo "JetStream not available at ${NATS_URL:-nats://127.0.0.1:4222}" >&2
    exit 1
  fi
  sleep 2
done

for source in intake case hotspot reception assessment; do
  name="${STREAM_PREFIX}$(printf '%s' "$source" | tr 'a-z' 'A-Z')"
  if nats stream info "$name" >/dev/null 2>&1; then
    nats stream edit "$name" --replicas "$REPLICAS" --force >/dev/null
    echo "stream $name: $REPLICAS replicas"
  else
    nats stream add "$name" --subjects "${PREFIX}${source}.>" --storage file --replicas "$REPLICAS" \
      --retention limits --discard old --dupe-window 2m --defaults >/dev/null
    echo "stream $name: created, $REPLICAS replicas"
  fi
done
