// sse-hub: one Server-Sent Events stream per tab, shared by every store on the page.
export { init, coreStats, type InitOptions } from './core.js';
export { Hub } from './hub.js';
export { createHub, getHub } from './registry.js';
export {
  createParser,
  type ParsedEvent,
  type ParseError,
  type ParseErrorCode,
  type ParserCallbacks,
  type ParserOptions,
  type SseParser,
} from './parser.js';
export {
  eventSourceTransport,
  fetchTransport,
  parseRetryAfter,
  type Transport,
  type TransportConnection,
  type TransportRequest,
  type TransportSink,
} from './transport.js';
export type { AnyTopics, TopicEvent, TopicFilter, TopicPayload, TopicsOf } from './topics.js';
export * from './types.js';
