#include <catch2/catch.hpp>
#include <string>

#include "abi.hpp"
#include "effect_records.hpp"
#include "parser_batch.hpp"
#include "ssehub/parser.hpp"
#include "utf16.hpp"

using ssehub::ParserBatch;

namespace {

// What JS does: decode the blob to UTF-16, then take (offset, length) substrings.
std::u16string utf16(const std::string& utf8) {
  std::u16string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += static_cast<std::size_t>(n);
  }
  return out;
}

std::u16string field(const ParserBatch& batch, std::size_t record, std::size_t index) {
  const auto& w = batch.words();
  const std::size_t base = record * ssehub::abi::kParserWords + 1 + index * 2;
  return utf16(batch.text()).substr(w[base], w[base + 1]);
}

}  // namespace

TEST_CASE("utf16_length counts UTF-16 code units of UTF-8 text", "[parser][batch]") {
  CHECK(ssehub::utf16_length("") == 0);
  CHECK(ssehub::utf16_length("abc") == 3);
  CHECK(ssehub::utf16_length("\xC3\xA9") == 1);          // é
  CHECK(ssehub::utf16_length("\xE2\x82\xAC") == 1);      // €
  CHECK(ssehub::utf16_length("\xF0\x9F\x98\x80") == 2);  // 😀, a surrogate pair
}

TEST_CASE("a batch holds every record of one feed with UTF-16 offsets", "[parser][batch]") {
  ParserBatch batch;
  ssehub::Parser parser(batch);
  parser.feed(
      "retry: 4294967297\n: hb \xE2\x82\xAC\nid: \xF0\x9F\x98\x80\nevent: caf\xC3\xA9\n"
      "data: \xF0\x9F\x98\x80 x\n\n");
  REQUIRE(batch.record_count() == 3);
  const auto& w = batch.words();
  CHECK(w[0] == ssehub::abi::kParserRetry);
  CHECK(w[1] == 1);  // 2^32 + 1: low word
  CHECK(w[2] == 1);  // high word
  CHECK(w[7] == ssehub::abi::kParserComment);
  CHECK(field(batch, 1, 0) == u"hb \u20AC");
  CHECK(w[14] == ssehub::abi::kParserEvent);
  CHECK(field(batch, 2, 0) == u"caf\u00E9");
  CHECK(field(batch, 2, 1) == u"\U0001F600 x");
  CHECK(field(batch, 2, 2) == u"\U0001F600");

  batch.clear();
  CHECK(batch.record_count() == 0);
  CHECK(batch.text().empty());
}

TEST_CASE("a batch reports an oversize frame as an error record", "[parser][batch]") {
  ParserBatch batch;
  ssehub::ParserOptions options;
  options.max_frame_bytes = 8;
  ssehub::Parser parser(batch, options);
  parser.feed("data: 0123456789\n\ndata: ok\n\n");
  REQUIRE(batch.record_count() == 2);
  CHECK(batch.words()[0] == ssehub::abi::kParserError);
  CHECK(batch.words()[1] == static_cast<std::uint32_t>(ssehub::ParseErrorCode::FrameTooLarge));
  CHECK(field(batch, 1, 1) == u"ok");
}

TEST_CASE("effect records: fields at abi.hpp's indices, text as UTF-16 offsets", "[boundary]") {
  namespace abi = ssehub::abi;
  ssehub::Config config;
  config.url = "http://hub/e";
  ssehub::Hub hub(config);
  const ssehub::SubId sub = hub.subscribe({"*", ""});
  REQUIRE(sub != 0);
  ssehub::EffectRecords records;
  const auto& started = hub.start(1000);
  REQUIRE(records.encode(started) == started.size());
  ssehub::ConnId conn = 0;
  for (const auto& e : started.effects()) {
    if (e.kind == ssehub::EffectKind::Open) conn = e.conn;
  }
  hub.opened(1000, conn, 200, "text/event-stream", -1);

  const std::string data =
      R"({"topic":"café.x","resourceId":"😀","payload":{"t":"é"},"sequence":7,"emittedAt":5.5})";
  const auto& batch = hub.received(2000, conn, "id: 7\nevent: x\ndata: " + data + "\n\n");
  const std::uint32_t n = records.encode(batch);
  const double* deliver = nullptr;
  for (std::uint32_t i = 0; i < n; ++i) {
    const double* r = records.data() + i * abi::kEffectWords;
    if (r[abi::kKind] == static_cast<double>(ssehub::EffectKind::Deliver)) deliver = r;
  }
  REQUIRE(deliver != nullptr);
  CHECK(deliver[abi::kNumber] == 7);
  CHECK(deliver[abi::kSubsCount] == 1);
  CHECK(batch.subs()[static_cast<std::size_t>(deliver[abi::kSubsOffset])] == sub);
  const std::u16string text = utf16(batch.text());
  auto field = [&](int i) {
    return text.substr(static_cast<std::size_t>(deliver[abi::kText0 + 2 * i]),
                       static_cast<std::size_t>(deliver[abi::kText0 + 2 * i + 1]));
  };
  CHECK(field(0) == u"caf\u00E9.x");
  CHECK(field(1) == u"\U0001F600");
  CHECK(field(2) == u"{\"t\":\"\u00E9\"}");
  CHECK(field(3) == u"7");

  double health[abi::kHealthWords];
  ssehub::encode_health(hub.health(), health);
  CHECK(health[abi::kState] == static_cast<double>(ssehub::HealthState::Healthy));
  CHECK(health[abi::kLastEventAt] == 2000);
  double metrics[std::size(abi::kMetrics)];
  ssehub::encode_metrics(hub.metrics(), metrics);
  CHECK(metrics[6] == 1);  // "events"
  CHECK(abi::kMetrics[6].name == "events");
}

TEST_CASE("the ABI version is a fingerprint of the layout", "[boundary]") {
  std::string described;
  ssehub::abi::describe([&](std::string_view s) { (described += s) += '|'; });
  CHECK(described.find("hub_received|hub, now, conn, size|number") != std::string::npos);
  CHECK(described.find("token_expired") != std::string::npos);
  CHECK(ssehub::abi::version() == ssehub::abi::version());
  CHECK(ssehub::abi::version() != 2166136261u);
}
