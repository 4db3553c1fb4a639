/** The slice of a structured logger the event machinery needs (service-kit's logger fits). */
export interface EventLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: EventLogger = { info() {}, warn() {}, error() {} };
