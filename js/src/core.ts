// Loads the Wasm core once per page: instantiates ssehub.wasm (a standalone module, no
// Emscripten glue), checks that its ABI is the one abi.ts describes, and gives the rest of
// js/ its exports, memory views and text codecs.
import { ABI_VERSION, type Exports } from './abi.js';

export interface InitOptions {
  /** The module's bytes (node, tests, or a bundler that inlines assets). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to fetch `ssehub.wasm` from; default: beside this file, via `import.meta.url`. */
  wasmUrl?: string | URL;
}

export class Core {
  readonly x: Exports;
  /** Views of the module's memory, replaced whenever it grows (never keep one across a call). */
  u8!: Uint8Array;
  u32!: Uint32Array;
  f64!: Float64Array;
  readonly encoder = new TextEncoder();
  // ignoreBOM keeps a leading U+FEFF in the text blob: offsets are counted with it.
  readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  readonly live = { hubs: 0, parsers: 0 };

  constructor(exports: Exports) {
    this.x = exports;
    this.views();
  }

  /** The module grew its memory: every view of the old buffer is detached now. */
  views(): void {
    const buffer = this.x.memory.buffer;
    this.u8 = new Uint8Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.f64 = new Float64Array(buffer);
  }

  /** A NUL-terminated UTF-8 string at `ptr`. */
  cString(ptr: number): string {
    if (!ptr) return '';
    const end = this.u8.indexOf(0, ptr);
    return this.decoder.decode(this.u8.subarray(ptr, end < 0 ? this.u8.length : end));
  }

  /**
   * Encodes `a` then `b` back to back into the buffer `alloc(capacity)` returns; returns
   * the byte length of `a` (and of `b` in {@link secondLength}). `alloc` may grow memory,
   * so the view is taken after it.
   */
  writeStrings(alloc: (size: number) => number, a: string, b = ''): number {
    const room = (a.length + b.length) * 3;
    const ptr = alloc(room);
    const heap = this.u8;
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

async function instantiate(
  options: InitOptions,
  imports: WebAssembly.Imports,
): Promise<WebAssembly.Instance> {
  if (options.wasmBinary) {
    const bytes = options.wasmBinary as BufferSource;
    return (await WebAssembly.instantiate(bytes, imports)).instance;
  }
  // A literal `new URL('./x', import.meta.url)`: Vite and other bundlers emit the asset.
  const url = String(options.wasmUrl ?? new URL('./ssehub.wasm', import.meta.url));
  if (typeof WebAssembly.instantiateStreaming === 'function') {
    try {
      return (await WebAssembly.instantiateStreaming(fetch(url), imports)).instance;
    } catch {
      // Not served as application/wasm, or not at all: fetch again to say which.
    }
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`sse-hub: fetching ${url} failed: HTTP ${response.status}`);
  return (await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance;
}

async function load(options: InitOptions): Promise<Core> {
  let core: Core | undefined;
  const imports = {
    env: { emscripten_notify_memory_growth: () => core?.views() },
    wasi_snapshot_preview1: {
      proc_exit: (code: number) => {
        throw new Error(`sse-hub: the Wasm core aborted (${code})`);
      },
    },
  };
  const exports = (await instantiate(options, imports)).exports as unknown as Exports;
  const version =
    typeof exports.ssehub_abi_version === 'function' ? exports.ssehub_abi_version() >>> 0 : 0;
  if (version !== ABI_VERSION) {
    throw new Error(
      `sse-hub: ssehub.wasm has ABI ${version || 'none'} but this sse-hub needs ABI ` +
        `${ABI_VERSION}; serve the ssehub.wasm of this package version (a cached or stale copy?)`,
    );
  }
  exports._initialize();
  return (core = new Core(exports));
}

/**
 * Loads the Wasm core; idempotent (later options are ignored once loaded). Call it early,
 * or let the first hub do it. In node pass `wasmBinary` (node's fetch has no file: URLs).
 */
export function init(options: InitOptions = {}): Promise<Core> {
  loading ??= load(options).then(
    (core) => (loaded = core),
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
