// Sequence tracking for the hub protocol (envelope mode): the last sequence per topic, which
// tells a replayed duplicate from a new event, and the highest delivered, where a reconnect
// resumes. hub.snapshot brings one topic up to date at once; hub.ready tells whether the
// hub still counts where we do.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ssehub/json_scan.hpp"
#include "string_map.hpp"

namespace ssehub {

// A sequence as the protocol writes it: a JSON integer from 1 to 2^53 - 1, so that it is
// exact in a JavaScript number too. nullopt for anything else. Inline: once per event.
inline std::optional<std::uint64_t> read_sequence(std::string_view raw) {
  const auto n = json::number(raw);
  if (!n || *n < 1 || *n > 9007199254740991.0 || std::floor(*n) != *n) return std::nullopt;
  return static_cast<std::uint64_t>(*n);
}

// hub.snapshot's data: the latest envelope per resource of one topic, current to `sequence`.
struct Snapshot {
  std::string_view topic;
  std::uint64_t sequence = 0;
  std::string_view items;  // a JSON array of envelopes, as raw text

  // nullopt when `data` is not a well-formed snapshot; an escaped topic is decoded into
  // `scratch`.
  static std::optional<Snapshot> read(std::string_view data, std::string& scratch);

  // The items a subscription to `resource` may see, as a JSON array: all of them for "",
  // else those whose resourceId is `resource`, copied into `out`.
  std::string_view items_for(std::string_view resource, std::string& out) const;
};

class Sequences {
 public:
  // An event: true when `sequence` is new for its topic (it becomes the topic's last),
  // false for one already delivered (a replay overlapping what we had). Inline: it runs
  // once per event.
  bool accept_event(std::string_view topic, std::uint64_t sequence) {
    std::uint64_t& seen = last_of(topic);
    if (sequence <= seen) return false;
    seen = sequence;
    if (sequence > last_) last_ = sequence;
    return true;
  }

  // A snapshot: true unless it is older than what its topic has seen; the topic is then
  // current to `sequence`. The resume point stays: the snapshot speaks for one topic, and
  // other topics may still owe us events below its sequence.
  bool accept_snapshot(std::string_view topic, std::uint64_t sequence);

  // hub.ready's sequence. A hub behind us restarted with fresh state and our numbers mean
  // nothing there: tracking starts over, and this returns true.
  bool restart_if_behind(double hub_sequence);

  // The highest sequence delivered, 0 before any; and the same as Last-Event-ID text, ""
  // before any (formatted when asked: reconnects are rare, events are not).
  std::uint64_t last() const { return last_; }
  std::string resume_id() const;

 private:
  std::uint64_t& last_of(std::string_view topic) {
    auto it = topics_.find(topic);
    if (it == topics_.end()) it = topics_.emplace(std::string(topic), 0).first;
    return it->second;
  }

  StringMap<std::uint64_t> topics_;
  std::uint64_t last_ = 0;
};

}  // namespace ssehub
