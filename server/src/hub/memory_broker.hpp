// The in-process broker: replay buffers per (workspace, topic) bounded by count and age, the
// latest envelope per resource, and synchronous fan-out of one shared serialized frame.
// Single-threaded; every completion runs inline.
#pragma once

#include <deque>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "hub/broker.hpp"

namespace hubd {

struct BrokerLimits {
  std::size_t replay_count = 1000;       // per topic
  std::int64_t replay_age_ms = 300'000;  // per topic
};

class MemoryBroker final : public Broker {
 public:
  explicit MemoryBroker(BrokerLimits limits) : limits_(limits) {}

  void publish(PublishInput input, std::int64_t now_ms, Published done) override;
  void subscribe(Subscriber& subscriber, const std::string& workspace,
                 const std::vector<std::string>& topics, std::optional<ResumeFrom> from,
                 std::int64_t now_ms, Subscribed subscribed) override;
  void unsubscribe(Subscriber& subscriber, const std::string& workspace,
                   const std::vector<std::string>& topics) override;
  std::uint64_t sequence() const override { return sequence_; }
  std::size_t buffered_events() const override;

  // What subscribe() hands a subscriber resuming after `from`, as of `now_ms`.
  Catchup catchup(const Subscriber& subscriber, const std::string& workspace,
                  const std::vector<std::string>& topics, ResumeFrom from, std::int64_t now_ms);

 private:
  struct Channel {
    std::deque<EventPtr> buffer;
    std::unordered_map<std::string, EventPtr> latest;  // by resource id
    std::uint64_t evicted_through = 0;                 // highest sequence evicted
    std::uint64_t last_sequence = 0;
    std::unordered_set<Subscriber*> subscribers;
  };

  static std::string key(const std::string& workspace, const std::string& topic);
  void trim(Channel& channel, std::int64_t now_ms) const;
  Frame snapshot_frame(const std::string& topic, const Channel& channel,
                       const Subscriber& subscriber) const;

  BrokerLimits limits_;
  std::uint64_t sequence_ = 0;
  std::map<std::string, Channel> channels_;
};

}  // namespace hubd
