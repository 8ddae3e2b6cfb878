// In-memory broker: one monotonic sequence, per-(workspace, topic) replay buffers bounded by
// count and age, the latest envelope per resource for snapshots, and synchronous fan-out of
// one shared serialized frame. Single-threaded; time is always passed in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace hubd {

using Frame = std::shared_ptr<const std::string>;

struct Event {
  std::uint64_t sequence = 0;
  std::string workspace;
  std::string topic;
  std::string resource_id;
  std::int64_t emitted_ms = 0;
  std::string audience;  // when set, only this user's streams receive the event
  std::string payload;   // the payload's JSON text, for plain SSE dialects
  std::string envelope;  // JSON text on one line
  Frame frame;           // "id: N\nevent: topic\ndata: envelope\n\n", shared by all receivers
};
using EventPtr = std::shared_ptr<const Event>;

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  virtual bool wants(const Event& event) const = 0;  // e.g. a resource scope filter
  virtual void deliver(const EventPtr& event) = 0;
};

struct BrokerLimits {
  std::size_t replay_count = 1000;       // per topic
  std::int64_t replay_age_ms = 300'000;  // per topic
};

struct PublishInput {
  std::string workspace;
  std::string topic;
  std::string resource_id;
  nlohmann::json payload;
  nlohmann::json meta;   // omitted from the envelope when null
  std::string audience;  // a user id: only that user's streams receive the event
};

struct PublishResult {
  EventPtr event;
  std::size_t receivers = 0;
};

// What a resuming connection must be sent before live events, in order.
struct Resume {
  std::vector<Frame> frames;                 // snapshots first, then buffered events by sequence
  std::vector<std::string> snapshot_topics;  // topics whose buffer no longer covered the gap
  std::size_t replayed = 0;
};

class Broker {
 public:
  explicit Broker(BrokerLimits limits) : limits_(limits) {}

  PublishResult publish(PublishInput input, std::int64_t now_ms);

  void subscribe(Subscriber& subscriber, const std::string& workspace,
                 const std::vector<std::string>& topics);
  void unsubscribe(Subscriber& subscriber, const std::string& workspace,
                   const std::vector<std::string>& topics);

  // Events after `last_id` for these topics; a topic that evicted any of them (or an id from
  // the future, e.g. before a hub restart) gets a hub.snapshot frame instead.
  Resume resume(const Subscriber& subscriber, const std::string& workspace,
                const std::vector<std::string>& topics, std::uint64_t last_id, std::int64_t now_ms);

  // Buffered events after `last_id` for these topics, in order, without snapshots: what a
  // plain SSE dialect replays on Last-Event-ID.
  std::vector<EventPtr> replay(const Subscriber& subscriber, const std::string& workspace,
                               const std::vector<std::string>& topics, std::uint64_t last_id,
                               std::int64_t now_ms);

  std::uint64_t sequence() const { return sequence_; }
  std::size_t buffered_events() const;

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

// ISO 8601 UTC with milliseconds, e.g. 2025-11-03T12:00:00.123Z.
std::string iso8601(std::int64_t epoch_ms);

}  // namespace hubd
