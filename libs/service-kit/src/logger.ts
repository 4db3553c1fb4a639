import { activeTraceIds } from './telemetry';

// Structured JSON logs, one line per entry. Fields never carry personal data by design; as a
// second line of defence, anything shaped like an ID number or a mobile number is masked.
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

const ID_NUMBER = /\b\d{17}[\dXx]\b/g;
const MOBILE = /\b1[3-9]\d{9}\b/g;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function redact(line: string): string {
  return line.replace(ID_NUMBER, '[redacted-id]').replace(MOBILE, '[redacted-phone]');
}

export function createLogger(
  service: string,
  level: LogLevel = (process.env.LOG_LEVEL as LogLevel) || 'info',
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
): Logger {
  const threshold = LEVELS[level] ?? LEVELS.info;
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[lvl] < threshold) return;
    // Inside a request or an event's handling, the line names its trace and span.
    const ids = activeTraceIds();
    write(redact(JSON.stringify({ time: new Date().toISOString(), level: lvl, service, msg, ...base, ...ids, ...fields })));
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger(service, level, { ...base, ...fields }, write),
  };
}
