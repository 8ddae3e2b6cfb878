// How a stream speaks. Hub protocol v1 streams send the broker's envelope frames; the seed
// products' own endpoints speak a plain SSE dialect: `id: <sequence>`, an event name per
// topic, the bare payload as data, and their own heartbeat.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "hub/broker.hpp"

namespace hubd {

class SseDialect {
 public:
  SseDialect(std::string name, std::map<std::string, std::string> event_names,
             std::string heartbeat, std::int64_t heartbeat_ms, bool periodic_heartbeat);

  // The frame of a broker event in this dialect. Fan-out renders one event for many streams
  // in a row, so the last frame is kept.
  Frame render(const Event& event) const;

  const std::string& name() const { return name_; }
  const std::map<std::string, std::string>& event_names() const { return event_names_; }
  const Frame& heartbeat() const { return heartbeat_; }
  std::int64_t heartbeat_ms() const { return heartbeat_ms_; }
  // Sent every interval even while events flow (a `ping` the client watches for).
  bool periodic_heartbeat() const { return periodic_; }

 private:
  std::string name_;
  std::map<std::string, std::string> event_names_;  // topic → SSE event name
  Frame heartbeat_;
  std::int64_t heartbeat_ms_;
  bool periodic_;
  mutable std::uint64_t cached_sequence_ = 0;
  mutable Frame cached_;
};

}  // namespace hubd
