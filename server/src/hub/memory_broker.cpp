#include "hub/memory_broker.hpp"

#include <algorithm>

namespace hubd {

std::string MemoryBroker::key(const std::string& workspace, const std::string& topic) {
  return workspace + '/' + topic;
}

void MemoryBroker::trim(Channel& channel, std::int64_t now_ms) const {
  auto& buffer = channel.buffer;
  while (!buffer.empty() && (buffer.size() > limits_.replay_count ||
                             now_ms - buffer.front()->emitted_ms > limits_.replay_age_ms)) {
    channel.evicted_through = buffer.front()->sequence;
    buffer.pop_front();
  }
}

void MemoryBroker::publish(PublishInput input, std::int64_t now_ms, Published done) {
  auto event = std::make_shared<Event>();
  event->sequence = ++sequence_;
  event->emitted_ms = now_ms;

  nlohmann::ordered_json envelope = {{"topic", input.topic},
                                     {"resourceId", input.resource_id},
                                     {"payload", std::move(input.payload)},
                                     {"sequence", event->sequence},
                                     {"emittedAt", now_ms}};  // epoch ms, as protocol v1 says
  if (!input.meta.is_null()) envelope["meta"] = std::move(input.meta);
  event->payload =
      envelope["payload"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  event->envelope = envelope.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  event->frame = std::make_shared<const std::string>(
      format_event(std::to_string(event->sequence), input.topic, event->envelope));
  event->workspace = std::move(input.workspace);
  event->topic = std::move(input.topic);
  event->resource_id = std::move(input.resource_id);
  event->audience = std::move(input.audience);

  Channel& channel = channels_[key(event->workspace, event->topic)];
  channel.buffer.push_back(event);
  channel.latest[event->resource_id] = event;
  channel.last_sequence = event->sequence;
  trim(channel, now_ms);

  PublishResult result{event, 0};
  // Deliver may close a subscriber, which unsubscribes it: iterate over a copy.
  const std::vector<Subscriber*> subscribers(channel.subscribers.begin(),
                                             channel.subscribers.end());
  for (Subscriber* s : subscribers) {
    if (!channel.subscribers.count(s) || !s->wants(*event)) continue;
    s->deliver(event);
    ++result.receivers;
  }
  if (done) done(result);
}

void MemoryBroker::subscribe(Subscriber& subscriber, const std::string& workspace,
                             const std::vector<std::string>& topics, std::optional<ResumeFrom> from,
                             std::int64_t now_ms, Subscribed subscribed) {
  Catchup missed = from ? catchup(subscriber, workspace, topics, *from, now_ms) : Catchup{};
  for (const auto& topic : topics) channels_[key(workspace, topic)].subscribers.insert(&subscriber);
  if (subscribed) subscribed(std::move(missed));
}

void MemoryBroker::unsubscribe(Subscriber& subscriber, const std::string& workspace,
                               const std::vector<std::string>& topics) {
  for (const auto& topic : topics) {
    auto it = channels_.find(key(workspace, topic));
    if (it != channels_.end()) it->second.subscribers.erase(&subscriber);
  }
}

Frame MemoryBroker::snapshot_frame(const std::string& topic, const Channel& channel,
                                   const Subscriber& subscriber) const {
  std::vector<const Event*> items;
  for (const auto& [resource, event] : channel.latest) {
    if (subscriber.wants(*event)) items.push_back(event.get());
  }
  std::sort(items.begin(), items.end(),
            [](const Event* a, const Event* b) { return a->sequence < b->sequence; });
  std::string data = R"({"topic":")" + topic + R"(","sequence":)" +
                     std::to_string(channel.last_sequence) + R"(,"items":[)";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) data.push_back(',');
    data += items[i]->envelope;
  }
  data += "]}";
  return std::make_shared<const std::string>(format_event("", "hub.snapshot", data));
}

Catchup MemoryBroker::catchup(const Subscriber& subscriber, const std::string& workspace,
                              const std::vector<std::string>& topics, ResumeFrom from,
                              std::int64_t now_ms) {
  Catchup out;
  const bool from_future = from.last_id > sequence_;
  for (const auto& topic : topics) {
    auto it = channels_.find(key(workspace, topic));
    if (it == channels_.end()) continue;
    Channel& channel = it->second;
    trim(channel, now_ms);
    if (channel.last_sequence == 0) continue;
    if (from.snapshots && (from_future || channel.evicted_through > from.last_id)) {
      out.snapshots.push_back(snapshot_frame(topic, channel, subscriber));
      out.snapshot_topics.push_back(topic);
      continue;
    }
    for (const auto& event : channel.buffer) {
      if (event->sequence > from.last_id && subscriber.wants(*event)) out.events.push_back(event);
    }
  }
  std::sort(out.events.begin(), out.events.end(),
            [](const EventPtr& a, const EventPtr& b) { return a->sequence < b->sequence; });
  return out;
}

std::size_t MemoryBroker::buffered_events() const {
  std::size_t n = 0;
  for (const auto& [k, channel] : channels_) n += channel.buffer.size();
  return n;
}

}  // namespace hubd
