// The core's WHATWG SSE parser on its own: one Wasm call per chunk, records read in bulk.
import {
  PARSE_ERRORS,
  PARSER_COMMENT,
  PARSER_ERROR,
  PARSER_EVENT,
  PARSER_RETRY,
  PARSER_WORDS,
} from './abi.js';
import { loadedCore, type Core } from './core.js';

export interface ParsedEvent {
  /** "message" when the stream named none. */
  type: string;
  data: string;
  lastEventId: string;
}

export type ParseErrorCode = (typeof PARSE_ERRORS)[number];

export interface ParseError {
  /** `frame_too_large`: a line or event passed `maxFrameBytes` and was skipped. */
  code: ParseErrorCode;
  /** Bytes seen of the offending frame when the limit was crossed. */
  bytes: number;
}

export interface ParserCallbacks {
  onEvent(event: ParsedEvent): void;
  /** Comment text after ':' and one optional space (heartbeats arrive here). */
  onComment?(comment: string): void;
  onRetry?(ms: number): void;
  onError?(error: ParseError): void;
}

export interface ParserOptions {
  /** Largest line or event in bytes (default 1 MiB). */
  maxFrameBytes?: number;
}

export interface SseParser {
  /** Bytes of the stream (any chunking), or text. */
  feed(chunk: Uint8Array | string): void;
  /** End of one stream: a partial event is discarded; the next feed starts a new stream. */
  end(): void;
  /** Frees the Wasm parser (a FinalizationRegistry does it for forgotten parsers). */
  close(): void;
}

interface Handle {
  core?: Core;
  ptr: number;
}
const finalizer = new FinalizationRegistry<Handle>((h) => {
  if (h.core && h.ptr) {
    h.core.x.ssehub_parser_destroy(h.ptr);
    h.core.live.parsers--;
  }
  h.ptr = 0;
});

/** A spec-exact SSE parser. Needs the core: `await init()` first. */
export function createParser(callbacks: ParserCallbacks, options: ParserOptions = {}): SseParser {
  const core = loadedCore();
  if (!core) throw new Error('sse-hub: call `await init()` before createParser()');
  const x = core.x;
  const h: Handle = { core, ptr: x.ssehub_parser_create(options.maxFrameBytes ?? 0) };
  core.live.parsers++;

  const drain = (n: number) => {
    if (!n) return;
    const at = x.ssehub_parser_records(h.ptr) >>> 2;
    const recs = core.u32.slice(at, at + n * PARSER_WORDS);
    const size = x.ssehub_parser_text_size(h.ptr);
    const tp = x.ssehub_parser_text(h.ptr);
    const text = size ? core.decoder.decode(core.u8.subarray(tp, tp + size)) : '';
    const str = (o: number, len: number) => (len ? text.substring(o, o + len) : '');
    for (let r = 0; r < recs.length; r += PARSER_WORDS) {
      switch (recs[r]) {
        case PARSER_EVENT:
          callbacks.onEvent({
            type: str(recs[r + 1], recs[r + 2]),
            data: str(recs[r + 3], recs[r + 4]),
            lastEventId: str(recs[r + 5], recs[r + 6]),
          });
          break;
        case PARSER_COMMENT:
          callbacks.onComment?.(str(recs[r + 1], recs[r + 2]));
          break;
        case PARSER_RETRY:
          callbacks.onRetry?.(recs[r + 1] + recs[r + 2] * 2 ** 32);
          break;
        case PARSER_ERROR:
          callbacks.onError?.({
            code: PARSE_ERRORS[recs[r + 1]],
            bytes: recs[r + 2],
          });
          break;
      }
    }
  };

  const parser: SseParser = {
    feed(chunk) {
      if (!h.ptr) throw new Error('sse-hub: parser is closed');
      let size: number;
      if (typeof chunk === 'string') {
        size = core.writeStrings((n) => x.ssehub_parser_input(h.ptr, n), chunk);
      } else {
        size = chunk.length;
        const ptr = x.ssehub_parser_input(h.ptr, size); // may grow memory: view after it
        core.u8.set(chunk, ptr);
      }
      drain(x.ssehub_parser_feed(h.ptr, size));
    },
    end() {
      if (!h.ptr) throw new Error('sse-hub: parser is closed');
      drain(x.ssehub_parser_end(h.ptr));
    },
    close() {
      if (!h.ptr) return;
      finalizer.unregister(parser);
      x.ssehub_parser_destroy(h.ptr);
      core.live.parsers--;
      h.ptr = 0;
    },
  };
  finalizer.register(parser, h, parser);
  return parser;
}
