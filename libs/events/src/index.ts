export { EVENT_CONTRACT, EVENT_TYPES, isEventType, sourceOf, type EventType, type EventData } from './contract';
export {
  CHANNELS,
  VISIT_KINDS,
  NATURES,
  LEVELS,
  ROUTING_MODES,
  LEGAL_CHANNELS,
  REPLY_OUTCOMES,
  SATISFACTIONS,
  APPEAL_STAGES,
  UNIT_LEVELS,
  DUTY_ROLES,
  DUTY_MISSES,
  APPOINTMENT_OUTCOMES,
} from './contract-fields';
export { createEnvelope, parseEnvelope, EventValidationError, type Envelope, type AnyEnvelope, type NewEvent } from './envelope';
export { Outbox } from './outbox';
export { OutboxRelay, type RelayOptions } from './relay';
export {
  InboxConsumer,
  listDeadLetters,
  replayDeadLetter,
  type ConsumerOptions,
  type EventHandler,
  type HandlerMap,
  type DeadLetterRow,
} from './consumer';
export { ensureStream, streamName, subjectFor } from './streams';
export { eventTablesUp, eventTablesDown, quoteIdent } from './tables';
export { type EventLogger, silentLogger } from './logger';
export { connectNats } from './connection';
export { readStreams, tableDigest } from './replay';
