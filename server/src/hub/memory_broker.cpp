#include "hub/memory_broker.hpp"

#include <algorithm>

namespace hubd {

std::size_t event_bytes(const Event& event) {
  // The texts, plus the Event, the frame's string and control blocks and a map entry.
  return event.payload.size() + event.envelope.size() + event.frame->size() +
         event.workspace.size() + event.topic.size() + event.resource_id.size() +
         event.audience.size() + 256;
}

std::string MemoryBroker::key(const std::string& workspace, const std::string& topic) {
  return workspace + '/' + topic;
}

std::uint64_t MemoryBroker::sequence(const std::string& workspace) const {
  auto it = sequences_.find(workspace);
  return it == sequences_.end() ? 0 : it->second;
}

void MemoryBroker::trim(Channel& channel, std::int64_t now_ms) {
  auto& buffer = channel.buffer;
  while (!buffer.empty() &&
         (buffer.size() > limits_.replay_count || channel.buffer_bytes > limits_.replay_bytes ||
          now_ms - buffer.front()->emitted_ms > limits_.replay_age_ms)) {
    const std::size_t bytes = event_bytes(*buffer.front());
    channel.buffer_bytes -= bytes;
    buffered_bytes_ -= bytes;
    channel.evicted_through = buffer.front()->sequence;
    buffer.pop_front();
  }
}

void MemoryBroker::evict_latest(Channel& channel, const std::string& resource) {
  auto it = channel.latest.find(resource);
  if (it == channel.latest.end()) return;
  latest_bytes_ -= event_bytes(*it->second.event);
  latest_order_.erase(it->second.in_broker);
  channel.latest_order.erase(it->second.in_channel);
  channel.latest.erase(it);
}

void MemoryBroker::set_latest(Channel& channel, const EventPtr& event) {
  evict_latest(channel, event->resource_id);
  channel.latest_order.push_back(event->resource_id);
  latest_order_.emplace_back(&channel, event->resource_id);
  channel.latest.emplace(event->resource_id, Latest{event, std::prev(channel.latest_order.end()),
                                                    std::prev(latest_order_.end())});
  latest_bytes_ += event_bytes(*event);
  while (channel.latest.size() > limits_.latest_per_topic) {
    channel.latest_evicted = true;
    evict_latest(channel, std::string(channel.latest_order.front()));
  }
  // The newest value always stays, whatever its size.
  while (latest_bytes_ > limits_.latest_bytes && latest_order_.size() > 1) {
    auto [oldest, resource] = latest_order_.front();
    oldest->latest_evicted = true;
    evict_latest(*oldest, resource);
  }
}

void MemoryBroker::publish(PublishInput input, std::int64_t now_ms, Published done) {
  auto event = std::make_shared<Event>();
  event->sequence = ++sequences_[input.workspace];
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
  const std::size_t bytes = event_bytes(*event);
  channel.buffer.push_back(event);
  channel.buffer_bytes += bytes;
  buffered_bytes_ += bytes;
  set_latest(channel, event);
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
                                   const Subscriber& subscriber, std::size_t& budget) const {
  // The channel's publish order is its sequence order.
  std::vector<const Event*> items;
  for (const auto& resource : channel.latest_order) {
    const Event& event = *channel.latest.at(resource).event;
    if (subscriber.wants(event)) items.push_back(&event);
  }
  // The newest items that fit the budget; the frame's own bytes are always sent.
  const std::string head = R"({"topic":")" + topic + R"(","sequence":)" +
                           std::to_string(channel.last_sequence) + R"(,"items":[)";
  static constexpr std::string_view kFrame = "event: hub.snapshot\ndata: \n\n";
  static constexpr std::string_view kTruncated = R"(],"truncated":true})";
  std::size_t used = kFrame.size() + head.size() + kTruncated.size();
  std::size_t first = items.size();
  while (first > 0 && used + items[first - 1]->envelope.size() + 1 <= budget) {
    used += items[--first]->envelope.size() + 1;
  }
  budget -= std::min(budget, used);
  std::string data = head;
  for (std::size_t i = first; i < items.size(); ++i) {
    if (i > first) data.push_back(',');
    data += items[i]->envelope;
  }
  data += first > 0 || channel.latest_evicted ? kTruncated : std::string_view("]}");
  return std::make_shared<const std::string>(format_event("", "hub.snapshot", data));
}

Catchup MemoryBroker::catchup(const Subscriber& subscriber, const std::string& workspace,
                              const std::vector<std::string>& topics, ResumeFrom from,
                              std::int64_t now_ms) {
  Catchup out;
  const bool from_future = from.last_id > sequence(workspace);
  std::size_t budget = from.snapshot_bytes;
  for (const auto& topic : topics) {
    auto it = channels_.find(key(workspace, topic));
    if (it == channels_.end()) continue;
    Channel& channel = it->second;
    trim(channel, now_ms);
    if (channel.last_sequence == 0) continue;
    if (from.snapshots && (from_future || channel.evicted_through > from.last_id)) {
      out.snapshots.push_back(snapshot_frame(topic, channel, subscriber, budget));
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
