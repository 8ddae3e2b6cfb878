#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../support/sse_fixtures.hpp"
#include "../support/sse_recorder.hpp"
#include "ssehub/parser.hpp"

using ssehub::Parser;
using ssehub::ParserOptions;
using ssehub::testing::Recorder;
using ssehub::testing::SseFixture;

namespace {

const std::vector<SseFixture>& fixtures() {
  static const auto all = ssehub::testing::load_sse_fixtures(SSEHUB_FIXTURES_DIR "/sse");
  return all;
}

nlohmann::json parse_chunks(const std::vector<std::string>& chunks, ParserOptions options) {
  Recorder rec;
  Parser parser(rec, options);
  for (const auto& c : chunks) parser.feed(c);
  parser.end();
  return rec.records;
}

std::string joined(const SseFixture& f) {
  std::string all;
  for (const auto& c : f.chunks) all += c;
  return all;
}

}  // namespace

TEST_CASE("the shared fixtures exist", "[parser][fixtures]") { REQUIRE(fixtures().size() >= 50); }

TEST_CASE("every fixture parses to its expected records", "[parser][fixtures]") {
  for (const auto& f : fixtures()) {
    INFO(f.name << ": " << f.description);
    CHECK(parse_chunks(f.chunks, f.options) == f.expect);
  }
}

TEST_CASE("every fixture gives the same records however its bytes are split",
          "[parser][fixtures][property]") {
  for (const auto& f : fixtures()) {
    const std::string all = joined(f);
    INFO(f.name << ": " << f.description);
    CHECK(parse_chunks({all}, f.options) == f.expect);
    for (std::size_t cut = 0; cut <= all.size(); ++cut) {
      INFO("split at byte " << cut);
      CHECK(parse_chunks({all.substr(0, cut), all.substr(cut)}, f.options) == f.expect);
    }
    std::vector<std::string> bytes;
    for (char c : all) bytes.emplace_back(1, c);
    INFO("byte by byte");
    CHECK(parse_chunks(bytes, f.options) == f.expect);
  }
}

TEST_CASE("end() starts a new stream and keeps the last event ID", "[parser]") {
  Recorder rec;
  Parser parser(rec);
  parser.feed("id: 7\ndata: a\n\nid: 8\ndata: lost");
  parser.end();
  CHECK(parser.last_event_id() == "7");
  parser.feed(
      "\xEF\xBB\xBF"
      "data: b\n\n");
  parser.end();
  const nlohmann::json expected = {
      {{"kind", "event"}, {"type", "message"}, {"data", "a"}, {"lastEventId", "7"}},
      {{"kind", "event"}, {"type", "message"}, {"data", "b"}, {"lastEventId", "7"}}};
  CHECK(rec.records == expected);
}

TEST_CASE("end() forgets a CR that ended the previous stream", "[parser]") {
  Recorder rec;
  Parser parser(rec);
  parser.feed("data: a\r");
  parser.end();
  parser.feed("\ndata: b\n\n");
  REQUIRE(rec.records.size() == 1);
  CHECK(rec.records[0]["data"] == "b");
}

TEST_CASE("set_last_event_id seeds a resumed stream", "[parser]") {
  Recorder rec;
  Parser parser(rec);
  parser.set_last_event_id("41");
  parser.feed("data: x\n\n");
  REQUIRE(rec.records.size() == 1);
  CHECK(rec.records[0]["lastEventId"] == "41");
  CHECK(parser.last_event_id() == "41");
}

TEST_CASE("an endless line holds bounded memory and parsing resumes after it", "[parser]") {
  Recorder rec;
  ParserOptions options;
  options.max_frame_bytes = 64 * 1024;
  Parser parser(rec, options);
  parser.feed("data: ");
  const std::string chunk(16 * 1024, 'x');
  for (int i = 0; i < 1024; ++i) {  // 16 MiB without a line end
    parser.feed(chunk);
    REQUIRE(parser.buffered_bytes() <= options.max_frame_bytes);
  }
  parser.feed("\n\ndata: after\n\n");
  REQUIRE(rec.records.size() == 2);
  CHECK(rec.records[0]["kind"] == "error");
  CHECK(rec.records[0]["code"] == "frame_too_large");
  CHECK(rec.records[1]["data"] == "after");
}

TEST_CASE("an event of many small lines is bounded by the frame limit", "[parser]") {
  Recorder rec;
  ParserOptions options;
  options.max_frame_bytes = 1024;
  Parser parser(rec, options);
  for (int i = 0; i < 10000; ++i) {
    parser.feed("data: 0123456789\n");
    REQUIRE(parser.buffered_bytes() <= options.max_frame_bytes);
  }
  parser.feed("\ndata: next\n\n");
  REQUIRE(rec.records.size() == 2);
  CHECK(rec.records[0]["code"] == "frame_too_large");
  CHECK(rec.records[1]["data"] == "next");
}

TEST_CASE("a large event below the limit arrives whole from tiny chunks", "[parser]") {
  Recorder rec;
  Parser parser(rec);
  const std::string payload(512 * 1024, 'p');
  const std::string stream = "data: " + payload + "\n\n";
  for (std::size_t i = 0; i < stream.size(); i += 7) parser.feed(stream.substr(i, 7));
  REQUIRE(rec.records.size() == 1);
  CHECK(rec.records[0]["data"].get<std::string>() == payload);
}
