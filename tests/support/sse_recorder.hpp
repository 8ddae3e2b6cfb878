// Records a parser's output as JSON records, the shape the shared fixtures expect:
// {"kind":"event","type","data","lastEventId"} | {"kind":"comment","text"} |
// {"kind":"retry","ms"} | {"kind":"error","code"}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ssehub/parser.hpp"

namespace ssehub::testing {

class Recorder final : public ParserHandler {
 public:
  nlohmann::json records = nlohmann::json::array();

  void on_event(const SseEvent& e) override {
    records.push_back({{"kind", "event"},
                       {"type", std::string(e.type)},
                       {"data", std::string(e.data)},
                       {"lastEventId", std::string(e.last_event_id)}});
  }
  void on_comment(std::string_view text) override {
    records.push_back({{"kind", "comment"}, {"text", std::string(text)}});
  }
  void on_retry(std::uint64_t ms) override { records.push_back({{"kind", "retry"}, {"ms", ms}}); }
  void on_error(const ParseError& error) override {
    records.push_back({{"kind", "error"}, {"code", std::string(to_string(error.code))}});
  }
};

}  // namespace ssehub::testing
