import { readFileSync } from 'fs';
import { join } from 'path';

import { EVENT_CONTRACT, EVENT_TYPES } from './contract';
import { createEnvelope, EventValidationError, parseEnvelope } from './envelope';

const petitionId = '4a0c1a57-0f0d-4c55-9f3b-2d3c7b1e8a10';
const notAccepted = { petitionId, reasonCode: 'LEGAL_CHANNEL', legalChannel: 'LITIGATION' as const, decidedAt: '2025-09-22T02:00:00.000Z' };

describe('event contract', () => {
  it('every event type is in the catalogue docs/events.md', () => {
    const catalogue = readFileSync(join(__dirname, '../../../docs/events.md'), 'utf8');
    for (const type of EVENT_TYPES) expect(catalogue).toContain(`### \`${type}\` (v${EVENT_CONTRACT[type].version})`);
  });

  it('round-trips an envelope through the wire format', () => {
    const envelope = createEnvelope('intake', {
      type: 'intake.petition.notAccepted',
      aggregateId: petitionId,
      aggregateVersion: 2,
      occurredAt: new Date(notAccepted.decidedAt),
      data: notAccepted,
    });
    expect(parseEnvelope(Buffer.from(JSON.stringify(envelope)))).toEqual(envelope);
  });

  it('refuses to publish a payload with an extra field (no personal data can slip in)', () => {
    expect(() =>
      createEnvelope('intake', {
        type: 'intake.petition.notAccepted',
        aggregateId: petitionId,
        aggregateVersion: 2,
        occurredAt: new Date(),
        data: { ...notAccepted, idNumber: '11010519491231002X' } as never,
      }),
    ).toThrow(EventValidationError);
  });

  it('rejects on receipt: not JSON, unknown type, unknown version, bad payload; messages never echo values', () => {
    const good = createEnvelope('intake', {
      type: 'intake.petition.notAccepted',
      aggregateId: petitionId,
      aggregateVersion: 2,
      occurredAt: new Date(),
      data: notAccepted,
    });
    expect(() => parseEnvelope('{nope')).toThrow('payload is not JSON');
    expect(() => parseEnvelope(JSON.stringify({ ...good, type: 'intake.petition.vanished' }))).toThrow('unknown event type');
    expect(() => parseEnvelope(JSON.stringify({ ...good, version: 9 }))).toThrow('not understood');
    try {
      parseEnvelope(JSON.stringify({ ...good, data: { ...notAccepted, petitionId: '13800001234' } }));
      throw new Error('accepted a bad payload');
    } catch (error) {
      expect(error).toBeInstanceOf(EventValidationError);
      expect((error as Error).message).toContain('petitionId');
      expect((error as Error).message).not.toContain('13800001234');
    }
  });
});
