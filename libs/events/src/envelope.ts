import { randomUUID } from 'crypto';

import { z } from 'zod';

import type { EventData, EventType } from './contract';
import { EVENT_CONTRACT, isEventType } from './contract';

export interface Envelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  source: string;
  aggregateId: string;
  aggregateVersion: number;
  data: EventData<T>;
  traceparent?: string;
}

export type AnyEnvelope = { [T in EventType]: Envelope<T> }[EventType];

const envelopeShape = z
  .object({
    id: z.string().uuid(),
    type: z.string(),
    version: z.number().int().positive(),
    occurredAt: z.string().datetime({ offset: true }),
    source: z.string().min(1),
    aggregateId: z.string().min(1),
    aggregateVersion: z.number().int().positive(),
    data: z.unknown(),
    traceparent: z.string().optional(),
  })
  .strict();

export class EventValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventValidationError';
  }
}

export interface NewEvent<T extends EventType> {
  type: T;
  aggregateId: string;
  aggregateVersion: number;
  data: EventData<T>;
  occurredAt: Date;
  traceparent?: string;
}

export function createEnvelope<T extends EventType>(source: string, event: NewEvent<T>): Envelope<T> {
  const contract = EVENT_CONTRACT[event.type];
  const parsed = contract.data.safeParse(event.data);
  if (!parsed.success) {
    throw new EventValidationError(`${event.type}: ${describeIssues(parsed.error)}`);
  }
  return {
    id: randomUUID(),
    type: event.type,
    version: contract.version,
    occurredAt: event.occurredAt.toISOString(),
    source,
    aggregateId: event.aggregateId,
    aggregateVersion: event.aggregateVersion,
    data: parsed.data as EventData<T>,
    ...(event.traceparent ? { traceparent: event.traceparent } : {}),
  };
}

/** Bytes from the wire → a validated envelope, or EventValidationError (the message goes to dead letters). */
export function parseEnvelope(raw: Uint8Array | string): AnyEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'));
  } catch {
    throw new EventValidationError('payload is not JSON');
  }
  const shape = envelopeShape.safeParse(json);
  if (!shape.success) throw new EventValidationError(`envelope: ${describeIssues(shape.error)}`);
  const { type, version } = shape.data;
  if (!isEventType(type)) throw new EventValidationError(`unknown event type ${type}`);
  const contract = EVENT_CONTRACT[type];
  if (version !== contract.version) {
    throw new EventValidationError(`${type}: version ${version} not understood (expected ${contract.version})`);
  }
  const data = contract.data.safeParse(shape.data.data);
  if (!data.success) throw new EventValidationError(`${type}: ${describeIssues(data.error)}`);
  return { ...shape.data, type, data: data.data } as AnyEnvelope;
}

// Issue paths and codes only: a validation message must never echo a value (it could be personal data).
function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join('; ');
}
