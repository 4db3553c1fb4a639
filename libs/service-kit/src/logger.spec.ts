import { context, trace } from '@opentelemetry/api';

import { createLogger, redact } from './logger';
import { initTelemetry, startSpan } from './telemetry';

describe('logger', () => {
  it('writes one JSON line with service, level, message and fields', () => {
    const lines: string[] = [];
    createLogger('intake', 'info', { requestId: 'r1' }, (l) => lines.push(l)).info('registered', { petitionId: 'p1' });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', service: 'intake', msg: 'registered', requestId: 'r1', petitionId: 'p1' });
  });

  it('drops entries below its level', () => {
    const lines: string[] = [];
    createLogger('case', 'warn', {}, (l) => lines.push(l)).info('noise');
    expect(lines).toHaveLength(0);
  });

  it('masks anything shaped like an ID number or a mobile number, as a second line of defence', () => {
    expect(redact('id 11010519491231002X phone 13800001234 ok')).toBe('id [redacted-id] phone [redacted-phone] ok');
  });

  it('names the active span: trace and span ids on every line inside it, none outside', () => {
    initTelemetry({ service: 'intake' });
    const lines: string[] = [];
    const log = createLogger('intake', 'info', {}, (l) => lines.push(l));
    const span = startSpan('intake', 'work');
    const { traceId, spanId } = span.spanContext();
    context.with(trace.setSpan(context.active(), span), () => log.info('inside'));
    span.end();
    log.info('outside');
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'inside', traceId, spanId });
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(lines[1]).traceId).toBeUndefined();
  });
});
