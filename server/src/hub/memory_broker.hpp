// The in-process broker: a sequence per workspace, replay buffers per (workspace, topic)
// bounded by count, age and bytes, the latest envelope per resource bounded per topic and in
// total (least recently published evicted first), and synchronous fan-out of one shared
// serialized frame. Single-threaded; every completion runs inline.
#pragma once

#include <deque>
#include <list>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "hub/broker.hpp"

namespace hubd {

struct BrokerLimits {
  std::size_t replay_count = 1000;       // per topic
  std::int64_t replay_age_ms = 300'000;  // per topic
  std::size_t replay_bytes = 4 << 20;    // per topic
  std::size_t latest_per_topic = 10'000;
  std::size_t latest_bytes = 64 << 20;  // every topic's latest values together
};

// What an event costs in memory: its payload, envelope and frame texts and their bookkeeping.
std::size_t event_bytes(const Event& event);

class MemoryBroker final : public Broker {
 public:
  explicit MemoryBroker(BrokerLimits limits) : limits_(limits) {}

  void publish(PublishInput input, std::int64_t now_ms, Published done) override;
  void subscribe(Subscriber& subscriber, const std::string& workspace,
                 const std::vector<std::string>& topics, std::optional<ResumeFrom> from,
                 std::int64_t now_ms, Subscribed subscribed) override;
  void unsubscribe(Subscriber& subscriber, const std::string& workspace,
                   const std::vector<std::string>& topics) override;
  std::uint64_t sequence(const std::string& workspace) const override;
  std::size_t buffered_events() const override;

  // What subscribe() hands a subscriber resuming after `from`, as of `now_ms`.
  Catchup catchup(const Subscriber& subscriber, const std::string& workspace,
                  const std::vector<std::string>& topics, ResumeFrom from, std::int64_t now_ms);

  // Replay buffers' and latest values' bytes, as event_bytes() counts them.
  std::size_t buffered_bytes() const { return buffered_bytes_; }
  std::size_t latest_bytes() const { return latest_bytes_; }
  std::size_t latest_entries() const { return latest_order_.size(); }

 private:
  struct Channel;
  // A resource's latest event, in its channel's and the broker's publish order (oldest first).
  struct Latest {
    EventPtr event;
    std::list<std::string>::iterator in_channel;
    std::list<std::pair<Channel*, std::string>>::iterator in_broker;
  };
  struct Channel {
    std::deque<EventPtr> buffer;
    std::size_t buffer_bytes = 0;
    std::unordered_map<std::string, Latest> latest;  // by resource id
    std::list<std::string> latest_order;             // resource ids, least recent first
    bool latest_evicted = false;                     // a snapshot can no longer be complete
    std::uint64_t evicted_through = 0;               // highest sequence evicted from the buffer
    std::uint64_t last_sequence = 0;
    std::unordered_set<Subscriber*> subscribers;
  };

  static std::string key(const std::string& workspace, const std::string& topic);
  void trim(Channel& channel, std::int64_t now_ms);
  void set_latest(Channel& channel, const EventPtr& event);
  void evict_latest(Channel& channel, const std::string& resource);
  // `budget`: bytes left for this subscriber's snapshots, decreased by this one's size.
  Frame snapshot_frame(const std::string& topic, const Channel& channel,
                       const Subscriber& subscriber, std::size_t& budget) const;

  BrokerLimits limits_;
  std::unordered_map<std::string, std::uint64_t> sequences_;  // by workspace
  std::map<std::string, Channel> channels_;
  std::list<std::pair<Channel*, std::string>> latest_order_;  // least recent first
  std::size_t buffered_bytes_ = 0;
  std::size_t latest_bytes_ = 0;
};

}  // namespace hubd
