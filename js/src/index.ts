// sse-hub: one Server-Sent Events stream per tab, shared by every store on the page.
export { init, coreStats, type InitOptions } from './core.js';
export { Hub, createHub, getHub } from './hub.js';
export {
  createParser,
  type ParsedEvent,
  type ParseError,
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
export * from './types.js';
