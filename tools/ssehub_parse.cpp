// ssehub-parse: reads a text/event-stream on stdin and prints one JSON object per
// dispatched event, comment, retry or error, e.g. `curl -N URL | ssehub-parse`.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "ssehub/parser.hpp"

namespace {

constexpr std::string_view kUsage =
    "usage: ssehub-parse [--chunk N] [--max-frame BYTES]\n"
    "  Parses a text/event-stream from stdin; prints one JSON object per line:\n"
    "  {\"kind\":\"event\",\"type\",\"data\",\"lastEventId\"} | {\"kind\":\"comment\",\"text\"}\n"
    "  | {\"kind\":\"retry\",\"ms\"} | {\"kind\":\"error\",\"code\",\"bytes\"}\n"
    "  --chunk N       feed the parser N bytes at a time (1 = byte by byte)\n"
    "  --max-frame N   largest line or event in bytes (default 1048576)\n";

class Printer final : public ssehub::ParserHandler {
 public:
  void on_event(const ssehub::SseEvent& e) override {
    print({{"kind", "event"},
           {"type", std::string(e.type)},
           {"data", std::string(e.data)},
           {"lastEventId", std::string(e.last_event_id)}});
  }
  void on_comment(std::string_view text) override {
    print({{"kind", "comment"}, {"text", std::string(text)}});
  }
  void on_retry(std::uint64_t ms) override { print({{"kind", "retry"}, {"ms", ms}}); }
  void on_error(const ssehub::ParseError& error) override {
    print({{"kind", "error"},
           {"code", std::string(ssehub::to_string(error.code))},
           {"bytes", error.bytes}});
  }

 private:
  static void print(const nlohmann::json& record) {
    // Flushed per record so a live `curl -N` pipe shows events as they arrive.
    std::cout << record.dump() << std::endl;
  }
};

bool parse_size(const char* text, std::size_t& out) {
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0' || v == 0) return false;
  out = static_cast<std::size_t>(v);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t chunk = std::size_t{64} * 1024;
  ssehub::ParserOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    std::size_t* target = arg == "--chunk"       ? &chunk
                          : arg == "--max-frame" ? &options.max_frame_bytes
                                                 : nullptr;
    if (target == nullptr || i + 1 >= argc || !parse_size(argv[++i], *target)) {
      std::cerr << "ssehub-parse: bad argument '" << arg << "'\n" << kUsage;
      return 2;
    }
  }
  Printer printer;
  ssehub::Parser parser(printer, options);
  std::vector<char> buffer(chunk);
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), stdin)) > 0) {
    parser.feed({buffer.data(), n});
  }
  parser.end();
  return std::ferror(stdin) ? 1 : 0;
}
