import { existsSync } from 'fs';

/**
 * Debian's Chromium (package `chromium`), never a browser download: installs here run offline.
 * The flags keep it headless-friendly as root and stop its background connections, which this
 * network refuses (and a government network would too).
 */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** The Chromium to launch: an explicit path, else CHROMIUM_PATH, else Debian's. */
export function chromiumPath(explicit?: string): string {
  return explicit || process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

/** The Chromium to launch, or an Error that says how to install it. */
export function requireChromium(explicit?: string): string {
  const path = chromiumPath(explicit);
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}: run bash scripts/ensure-infra.sh (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return path;
}
