#include "hub/sse_dialect.hpp"

#include "net/sse.hpp"

namespace hubd {

SseDialect::SseDialect(std::string name, std::map<std::string, std::string> event_names,
                       std::string heartbeat, std::int64_t heartbeat_ms, bool periodic_heartbeat)
    : name_(std::move(name)),
      event_names_(std::move(event_names)),
      heartbeat_(std::make_shared<const std::string>(std::move(heartbeat))),
      heartbeat_ms_(heartbeat_ms),
      periodic_(periodic_heartbeat) {}

Frame SseDialect::render(const Event& event) const {
  if (cached_ && cached_sequence_ == event.sequence) return cached_;
  auto name = event_names_.find(event.topic);
  cached_ = std::make_shared<const std::string>(
      format_event(std::to_string(event.sequence),
                   name == event_names_.end() ? event.topic : name->second, event.payload));
  cached_sequence_ = event.sequence;
  return cached_;
}

}  // namespace hubd
