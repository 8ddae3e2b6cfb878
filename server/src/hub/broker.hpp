// The broker's contract: a monotonic sequence per workspace (a tenant never learns another's
// activity rate from it), a bounded replay history per (workspace, topic), the latest event per
// resource for snapshots (bounded too: the oldest are evicted), and fan-out to this process's
// subscribers.
// MemoryBroker keeps all of it in this process. A shared broker (e.g. Redis: publish as one
// atomic step that assigns the sequence, appends to the history, updates the latest values and
// notifies the other instances; resumes read from it) keeps the history outside and still fans
// out locally, so completions may run inline or after a round trip.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "net/sse.hpp"

namespace hubd {

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
  std::size_t receivers = 0;  // subscribers of this process that took it
};

// A subscription that resumes after the subscriber's last event.
struct ResumeFrom {
  std::uint64_t last_id = 0;  // in the workspace's sequence
  // Hub protocol: a topic whose history lost part of the gap (or an id from the future, e.g.
  // before a restart) gets a hub.snapshot of its latest events instead. Plain dialects: no
  // snapshots, what the history still holds is replayed.
  bool snapshots = true;
  // The snapshots' frames together stay within this many bytes (they are built for this one
  // subscriber, so they count against its send queue): each keeps its newest items that fit
  // and says `"truncated":true` when it had to leave some out.
  std::size_t snapshot_bytes = SIZE_MAX;
};

// What a resuming subscriber is sent before live events: the snapshots, then the events.
struct Catchup {
  std::vector<Frame> snapshots;              // hub.snapshot frames, no `id:`
  std::vector<std::string> snapshot_topics;  // the topics they stand for
  std::vector<EventPtr> events;              // the history after last_id, by sequence
};

class Broker {
 public:
  using Published = std::function<void(const PublishResult&)>;
  using Subscribed = std::function<void(Catchup)>;

  virtual ~Broker() = default;

  // Assigns the workspace's next sequence, keeps the event in its topic's history and as its
  // resource's latest, and delivers it to the subscribers that want it. `done` (may be empty) runs
  // once; publishes from one process are sequenced in call order.
  virtual void publish(PublishInput input, std::int64_t now_ms, Published done) = 0;

  // `subscribed` runs once, before the subscriber's first delivery, with what it missed after
  // `from` (nothing without it): no event is lost or doubled between the two.
  virtual void subscribe(Subscriber& subscriber, const std::string& workspace,
                         const std::vector<std::string>& topics, std::optional<ResumeFrom> from,
                         std::int64_t now_ms, Subscribed subscribed) = 0;
  virtual void unsubscribe(Subscriber& subscriber, const std::string& workspace,
                           const std::vector<std::string>& topics) = 0;

  // The latest sequence of `workspace` this process knows of (hub.ready).
  virtual std::uint64_t sequence(const std::string& workspace) const = 0;
  // Events held for replay (/metrics).
  virtual std::size_t buffered_events() const = 0;
};

}  // namespace hubd
