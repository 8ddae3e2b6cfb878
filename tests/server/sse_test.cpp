#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "net/sse.hpp"
#include "ssehub/parser.hpp"

namespace {

struct Seen {
  std::string type, data, id;
};

// Parses with the core's WHATWG parser, the reader every hub client uses.
class Collect final : public ssehub::ParserHandler {
 public:
  std::vector<Seen> events;
  std::vector<std::string> comments;
  std::vector<std::uint64_t> retries;
  void on_event(const ssehub::SseEvent& e) override {
    events.push_back({std::string(e.type), std::string(e.data), std::string(e.last_event_id)});
  }
  void on_comment(std::string_view text) override { comments.emplace_back(text); }
  void on_retry(std::uint64_t ms) override { retries.push_back(ms); }
};

Collect parse(const std::string& bytes) {
  Collect c;
  ssehub::Parser parser(c);
  parser.feed(bytes);
  return c;
}

}  // namespace

TEST_CASE("format_event round-trips awkward payloads as one event", "[sse]") {
  const std::vector<std::string> payloads = {
      "plain",
      "",
      "line1\nline2",
      "cr\ronly",
      "crlf\r\nend",
      "\n\n\n",
      "trailing\n",
      "\r\n\r\n",
      "data: injected\n\nevent: evil\nid: 999",
      ": comment-like\nretry: 1",
      std::string("nul\0byte", 8),
      "unicode \xE2\x80\xA8 line separator \xF0\x9F\x98\x80",
      " leading space",
  };
  for (const auto& payload : payloads) {
    CAPTURE(payload);
    const auto c = parse(hubd::format_event("42", "chat.message", payload));
    REQUIRE(c.events.size() == 1);
    CHECK(c.events[0].type == "chat.message");
    CHECK(c.events[0].id == "42");
    std::string expected = payload;
    // Line ends are normalized to LF by the protocol itself.
    for (std::size_t i = 0; (i = expected.find("\r\n", i)) != std::string::npos;)
      expected.erase(i, 1);
    for (auto& ch : expected) ch = ch == '\r' ? '\n' : ch;
    CHECK(c.events[0].data == expected);
    CHECK(c.retries.empty());
  }
}

TEST_CASE("format_event without id or type", "[sse]") {
  const auto c = parse(hubd::format_event("", "", "x"));
  REQUIRE(c.events.size() == 1);
  CHECK(c.events[0].type == "message");
  CHECK(c.events[0].id.empty());
}

TEST_CASE("comments and retry frames", "[sse]") {
  auto c = parse(hubd::format_comment("hb 123\ninjected: x"));
  CHECK(c.events.empty());
  REQUIRE(c.comments.size() == 1);
  CHECK(c.comments[0] == "hb 123 injected: x");
  c = parse(hubd::format_retry(1500));
  REQUIRE(c.retries.size() == 1);
  CHECK(c.retries[0] == 1500);
}

TEST_CASE("topic names are a strict charset", "[sse]") {
  using hubd::is_valid_topic;
  CHECK(is_valid_topic("project.lifecycle"));
  CHECK(is_valid_topic("quality-gate.progress"));
  CHECK(is_valid_topic("a:b_c.d-9"));
  CHECK(is_valid_topic(std::string(128, 'a')));
  CHECK_FALSE(is_valid_topic(std::string(129, 'a')));
  CHECK_FALSE(is_valid_topic(""));
  CHECK_FALSE(is_valid_topic("Upper"));
  CHECK_FALSE(is_valid_topic("a\nb"));
  CHECK_FALSE(is_valid_topic("a\rb"));
  CHECK_FALSE(is_valid_topic("a b"));
  CHECK_FALSE(is_valid_topic("a/b"));
  CHECK_FALSE(is_valid_topic("caf\xC3\xA9"));
  CHECK(hubd::is_valid_id("Doc-1@acme"));
  CHECK_FALSE(hubd::is_valid_id("doc\n1"));
  CHECK_FALSE(hubd::is_valid_id("../etc"));
}
