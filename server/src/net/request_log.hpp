// Test mode: the last requests served ("METHOD /path"), so that browser tests in any engine
// can count what a page asked for (polls, say) on the server's side.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hubd {

class RequestLog {
 public:
  static constexpr std::size_t kKept = 10000;

  void record(std::string_view method, std::string_view path) {
    if (entries_.size() == kKept) {
      entries_.pop_front();
      ++dropped_;
    }
    entries_.push_back(std::string(method) + ' ' + std::string(path));
  }
  void clear() {
    entries_.clear();
    dropped_ = 0;
  }
  nlohmann::json to_json() const { return {{"requests", entries_}, {"dropped", dropped_}}; }

 private:
  std::deque<std::string> entries_;
  std::uint64_t dropped_ = 0;
};

}  // namespace hubd
