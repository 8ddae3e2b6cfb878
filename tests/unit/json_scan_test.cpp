#include <catch2/catch.hpp>
#include <limits>
#include <string>
#include <vector>

#include "ssehub/json_scan.hpp"

namespace json = ssehub::json;

TEST_CASE("valid JSON is accepted and invalid JSON refused", "[json]") {
  for (const char* ok : {"{}", "[]", "0", "-0.5e+3", "\"a\\u00e9\\n\"", "true", "null",
                         " { \"a\" : [1, 2, {\"b\": null}] , \"c\":\"\"} ", "1E5", "[[[]]]"}) {
    INFO(ok);
    CHECK(json::valid(ok));
  }
  for (const char* bad :
       {"",      "{",          "{\"a\"}", "{\"a\":}", "[1,]", "{,}",          "01",          "1.",
        ".5",    "-",          "+1",      "tru",      "nul",  "\"\\x\"",      "\"\\u12G4\"", "\"a",
        "[1 2]", "{\"a\":1,}", "{1:2}",   "1 2",      "'a'",  "\"tab\there\""}) {
    INFO(bad);
    CHECK_FALSE(json::valid(bad));
  }
}

TEST_CASE("nesting is bounded", "[json]") {
  const std::string deep_ok = std::string(json::kMaxDepth, '[') + std::string(json::kMaxDepth, ']');
  const std::string too_deep =
      std::string(json::kMaxDepth + 1, '[') + std::string(json::kMaxDepth + 1, ']');
  CHECK(json::valid(deep_ok));
  CHECK_FALSE(json::valid(too_deep));
  CHECK_FALSE(json::valid(std::string(100000, '[')));  // no stack exhaustion
}

TEST_CASE("object members and array elements come out raw", "[json]") {
  std::vector<std::pair<std::string, std::string>> members;
  CHECK(json::for_each_member(R"({"a":1, "b" : {"x":[1,2]} ,"c":"s\"q"})",
                              [&](std::string_view k, std::string_view v) {
                                members.emplace_back(k, v);
                                return true;
                              }));
  CHECK(members == std::vector<std::pair<std::string, std::string>>{
                       {"\"a\"", "1"}, {"\"b\"", "{\"x\":[1,2]}"}, {"\"c\"", "\"s\\\"q\""}});
  std::vector<std::string> elements;
  CHECK(json::for_each_element("[ 1 ,\"x\", [] ,{}]", [&](std::string_view e) {
    elements.emplace_back(e);
    return true;
  }));
  CHECK(elements == std::vector<std::string>{"1", "\"x\"", "[]", "{}"});
  CHECK_FALSE(json::for_each_member("[1]", [](auto, auto) { return true; }));
  CHECK_FALSE(json::for_each_member("{\"a\":1} x", [](auto, auto) { return true; }));
  CHECK(json::for_each_member("{}", [](auto, auto) { return false; }));
}

TEST_CASE("strings decode escapes and surrogate pairs", "[json]") {
  std::string out;
  CHECK(json::decode_string(R"("a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\u0041")", out));
  CHECK(out ==
        "a\"b\\c/d\b\f\n\r\t\xC3\xA9\xF0\x9F\x98\x80"
        "A");
  out.clear();
  CHECK(json::decode_string(R"("\ud800x")", out));
  CHECK(out == "\xEF\xBF\xBDx");  // a lone surrogate becomes U+FFFD
  CHECK_FALSE(json::decode_string("\"abc", out));
  CHECK(json::simple_string("\"plain\"") == std::string_view("plain"));
  CHECK_FALSE(json::simple_string("\"esc\\n\""));
  std::string scratch;
  CHECK(json::string_value("\"plain\"", scratch) == std::string_view("plain"));
  CHECK(json::string_value(R"("a\/b")", scratch) == std::string_view("a/b"));
  CHECK(scratch == "a/b");  // decoded there; the plain one was a view into the raw text
  CHECK_FALSE(json::string_value("7", scratch));
  CHECK_FALSE(json::string_value("\"open", scratch));
  CHECK(json::key_is("\"topic\"", "topic"));
  CHECK(json::key_is("\"t\\u006fpic\"", "topic"));
  CHECK_FALSE(json::key_is("\"topics\"", "topic"));
}

TEST_CASE("numbers", "[json]") {
  CHECK(json::number("42") == 42.0);
  CHECK(json::number("-7") == -7.0);
  CHECK(json::number("1.5e3") == 1500.0);
  CHECK(json::number("9007199254740991") == 9007199254740991.0);
  CHECK_FALSE(json::number("1x"));
  CHECK_FALSE(json::number("\"1\""));
}

TEST_CASE("decimal numbers without strtod", "[json]") {
  CHECK(json::number("0.1") == 0.1);
  CHECK(json::number("2.5") == 2.5);
  CHECK(json::number("-0.001") == -0.001);
  CHECK(json::number("1e-3") == 0.001);
  CHECK(json::number("12345678901234567890123") == Approx(1.2345678901234568e22));
  CHECK(json::number("1E400") == std::numeric_limits<double>::infinity());
  CHECK(json::number("0e10") == 0.0);
}
