// The one file that knows it runs in WebAssembly: a C ABI over the core for js/.
// Calls are coarse (one per received chunk); results are read in bulk from the heap.
#include <emscripten/emscripten.h>

#include <cstdint>
#include <string>

#include "ssehub/parser.hpp"
#include "ssehub/parser_batch.hpp"

namespace {

struct ParserHandle {
  explicit ParserHandle(ssehub::ParserOptions options) : parser(batch, options) {}
  ssehub::ParserBatch batch;
  ssehub::Parser parser;
  std::string input;  // reusable buffer JS copies each chunk into
};

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE ParserHandle* ssehub_parser_create(std::uint32_t max_frame_bytes) {
  ssehub::ParserOptions options;
  if (max_frame_bytes != 0) options.max_frame_bytes = max_frame_bytes;
  return new ParserHandle(options);
}

EMSCRIPTEN_KEEPALIVE void ssehub_parser_destroy(ParserHandle* h) { delete h; }

// Room for `size` input bytes; valid until the next call into the module.
EMSCRIPTEN_KEEPALIVE char* ssehub_parser_input(ParserHandle* h, std::uint32_t size) {
  if (h->input.size() < size) h->input.resize(size);
  return h->input.data();
}

// Parses `size` bytes from the input buffer; returns the number of records.
EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_parser_feed(ParserHandle* h, std::uint32_t size) {
  h->batch.clear();
  h->parser.feed({h->input.data(), size});
  return static_cast<std::uint32_t>(h->batch.record_count());
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_parser_end(ParserHandle* h) {
  h->batch.clear();
  h->parser.end();
  return static_cast<std::uint32_t>(h->batch.record_count());
}

EMSCRIPTEN_KEEPALIVE const std::uint32_t* ssehub_parser_records(ParserHandle* h) {
  return h->batch.words().data();
}

EMSCRIPTEN_KEEPALIVE const char* ssehub_parser_text(ParserHandle* h) {
  return h->batch.text().data();
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_parser_text_size(ParserHandle* h) {
  return static_cast<std::uint32_t>(h->batch.text().size());
}

}  // extern "C"
