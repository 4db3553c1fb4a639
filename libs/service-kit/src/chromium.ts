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
