// Random bytes, split into random chunks, must parse exactly as the same bytes fed whole,
// and never hold more than the frame limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "../support/sse_recorder.hpp"
#include "ssehub/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // The first byte picks a small frame limit so the oversize path is exercised too;
  // the second seeds the chunk sizes.
  ssehub::ParserOptions options;
  options.max_frame_bytes = 16 + std::size_t{data[0]} * 4;
  std::uint32_t seed = data[1];
  const std::string_view input(reinterpret_cast<const char*>(data) + 2, size - 2);

  ssehub::testing::Recorder whole;
  ssehub::Parser whole_parser(whole, options);
  whole_parser.feed(input);
  whole_parser.end();

  ssehub::testing::Recorder chunked;
  ssehub::Parser chunked_parser(chunked, options);
  for (std::size_t i = 0; i < input.size();) {
    seed = seed * 1103515245u + 12345u;
    const std::size_t n = 1 + (seed >> 16) % 9;
    chunked_parser.feed(input.substr(i, n));
    // The limit counts a frame's bytes; a leading BOM waiting to be stripped is extra.
    if (chunked_parser.buffered_bytes() > options.max_frame_bytes + 3) std::abort();
    i += n;
  }
  chunked_parser.end();

  if (whole.records != chunked.records) std::abort();
  if (whole_parser.last_event_id() != chunked_parser.last_event_id()) std::abort();
  return 0;
}
