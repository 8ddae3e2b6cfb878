// Types of the Emscripten ES module (ssehub.mjs, built from wasm/bindings.cpp): a C ABI,
// pointers and handles are numbers, every call may grow memory (re-read the HEAP views).
export interface SseHubModule {
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  HEAPF64: Float64Array;

  _ssehub_scratch(size: number): number;
  _ssehub_names(table: number): number;

  _ssehub_parser_create(maxFrameBytes: number): number;
  _ssehub_parser_destroy(parser: number): void;
  _ssehub_parser_input(parser: number, size: number): number;
  _ssehub_parser_feed(parser: number, size: number): number;
  _ssehub_parser_end(parser: number): number;
  _ssehub_parser_records(parser: number): number;
  _ssehub_parser_text(parser: number): number;
  _ssehub_parser_text_size(parser: number): number;

  /** Reads the configuration JSON from the scratch buffer; 0 when invalid. */
  _ssehub_hub_create(configLen: number): number;
  /** NUL-terminated: why the last ssehub_hub_create failed. */
  _ssehub_scratch_text(): number;
  _ssehub_hub_destroy(hub: number): void;
  _ssehub_hub_input(hub: number, size: number): number;
  _ssehub_hub_start(hub: number, now: number): number;
  _ssehub_hub_stop(hub: number, now: number): number;
  _ssehub_hub_opened(
    hub: number,
    now: number,
    conn: number,
    status: number,
    contentTypeLen: number,
    retryAfterMs: number,
  ): number;
  _ssehub_hub_received(hub: number, now: number, conn: number, size: number): number;
  _ssehub_hub_closed(hub: number, now: number, conn: number, reason: number): number;
  _ssehub_hub_timer(hub: number, now: number): number;
  _ssehub_hub_visibility(hub: number, now: number, hidden: number): number;
  _ssehub_hub_frozen(hub: number, now: number, frozen: number): number;
  _ssehub_hub_network(hub: number, now: number, online: number): number;
  _ssehub_hub_credentials(hub: number, now: number, tokenLen: number): number;
  _ssehub_hub_credentials_failed(hub: number, now: number): number;
  _ssehub_hub_subscribe(hub: number, topicLen: number, resourceLen: number): number;
  _ssehub_hub_unsubscribe(hub: number, sub: number): void;
  _ssehub_hub_effects(hub: number): number;
  _ssehub_hub_subs(hub: number): number;
  _ssehub_hub_subs_size(hub: number): number;
  _ssehub_hub_text(hub: number): number;
  _ssehub_hub_text_size(hub: number): number;
  _ssehub_hub_health(hub: number): number;
  _ssehub_hub_metrics(hub: number): number;
}

export interface SseHubModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void,
  ) => unknown;
}

declare function createSseHubModule(options?: SseHubModuleOptions): Promise<SseHubModule>;
export default createSseHubModule;
