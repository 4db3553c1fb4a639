#!/usr/bin/env bash
# The queue-screen test drives Debian's Chromium with playwright-core (a browser download at install
# time does not work offline). Installs chromium and a Chinese font from Debian's packages if missing;
# fails with a message that says what to do when it cannot.
set -euo pipefail
say() { echo "[chromium] $*"; }
die() { echo "[chromium] ERROR: $*" >&2; exit 1; }

need=()
browser=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$browser" ] || need+=(chromium)
if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then need+=(fonts-wqy-microhei); fi
[ ${#need[@]} -eq 0 ] && { say "Chromium and a Chinese font are installed"; exit 0; }

command -v apt-get >/dev/null || die "${need[*]} missing and this is not a Debian-like system: install Chromium and a Chinese font, or set CHROMIUM_PATH"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
say "installing ${need[*]} from Debian packages"
$sudo apt-get update -qq >/dev/null || true
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null \
  || die "could not install ${need[*]}: run apt-get install -y ${need[*]} by hand and try again"
