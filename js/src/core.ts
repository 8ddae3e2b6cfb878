// Loads the Wasm core once per page and gives the rest of js/ its name tables and codecs.
import createSseHubModule, { type SseHubModule } from './ssehub.mjs';

export interface InitOptions {
  /** The module's bytes (node, tests, or a bundler that inlines assets). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to fetch `ssehub.wasm` from; default: beside this file, via `import.meta.url`. */
  wasmUrl?: string | URL;
}

export class Core {
  readonly m: SseHubModule;
  readonly encoder = new TextEncoder();
  // ignoreBOM keeps a leading U+FEFF in the text blob: offsets are counted with it.
  readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  readonly states: readonly string[];
  readonly reasons: readonly string[];
  /** Telemetry code names by numeric value (index 0 unused). */
  readonly telemetry: readonly string[];
  readonly live = { hubs: 0, parsers: 0 };

  constructor(m: SseHubModule) {
    this.m = m;
    this.states = this.names(0);
    this.reasons = this.names(1);
    this.telemetry = ['', ...this.names(2)];
  }

  private names(table: number): string[] {
    const list = this.cString(this.m._ssehub_names(table));
    return list ? list.split(',') : [];
  }

  /** A NUL-terminated UTF-8 string at `ptr`. */
  cString(ptr: number): string {
    if (!ptr) return '';
    const heap = this.m.HEAPU8;
    const end = heap.indexOf(0, ptr);
    return this.decoder.decode(heap.subarray(ptr, end < 0 ? heap.length : end));
  }

  /** Where the last {@link writeStrings} wrote. */
  ptr = 0;

  /**
   * Encodes `a` then `b` back to back into the buffer `alloc(capacity)` returns; returns
   * the byte length of `a` (and of `b` in {@link secondLength}). `alloc` may grow memory,
   * so the view is taken after it.
   */
  writeStrings(alloc: (size: number) => number, a: string, b = ''): number {
    const room = (a.length + b.length) * 3;
    const ptr = (this.ptr = alloc(room));
    const heap = this.m.HEAPU8;
    const first = a
      ? this.encoder.encodeInto(a, heap.subarray(ptr, ptr + a.length * 3)).written
      : 0;
    this.secondLength = b
      ? this.encoder.encodeInto(b, heap.subarray(ptr + first, ptr + room)).written
      : 0;
    return first;
  }

  secondLength = 0;
}

let loaded: Core | undefined;
let loading: Promise<Core> | undefined;

/** The core if `init()` has finished, for synchronous construction. */
export function loadedCore(): Core | undefined {
  return loaded;
}

/**
 * Loads the Wasm core; idempotent (later options are ignored once loaded). Call it early,
 * or let the first hub do it. In node pass `wasmBinary` (node's fetch has no file: URLs).
 */
export function init(options: InitOptions = {}): Promise<Core> {
  if (loading) return loading;
  const moduleOptions: Parameters<typeof createSseHubModule>[0] = {};
  if (options.wasmBinary) {
    moduleOptions.wasmBinary = options.wasmBinary;
  } else {
    // A literal `new URL('./x', import.meta.url)`: Vite and other bundlers emit the asset.
    const url = String(options.wasmUrl ?? new URL('./ssehub.wasm', import.meta.url));
    moduleOptions.locateFile = () => url;
  }
  loading = createSseHubModule(moduleOptions).then(
    (m) => (loaded = new Core(m)),
    (error: unknown) => {
      loading = undefined; // allow a retry with other options
      throw error;
    },
  );
  return loading;
}

/** Live core objects; for leak tests and debugging. */
export function coreStats(): { hubs: number; parsers: number } {
  return loaded ? { ...loaded.live } : { hubs: 0, parsers: 0 };
}
