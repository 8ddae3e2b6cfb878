#include "hub/broker.hpp"

#include <algorithm>
#include <ctime>

#include "net/sse.hpp"

namespace hubd {

std::string iso8601(std::int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out(buf, n);
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03dZ", static_cast<int>(epoch_ms % 1000));
  return out + ms;
}

std::string Broker::key(const std::string& workspace, const std::string& topic) {
  return workspace + '/' + topic;
}

void Broker::trim(Channel& channel, std::int64_t now_ms) const {
  auto& buffer = channel.buffer;
  while (!buffer.empty() && (buffer.size() > limits_.replay_count ||
                             now_ms - buffer.front()->emitted_ms > limits_.replay_age_ms)) {
    channel.evicted_through = buffer.front()->sequence;
    buffer.pop_front();
  }
}

PublishResult Broker::publish(PublishInput input, std::int64_t now_ms) {
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
  return result;
}

void Broker::subscribe(Subscriber& subscriber, const std::string& workspace,
                       const std::vector<std::string>& topics) {
  for (const auto& topic : topics) channels_[key(workspace, topic)].subscribers.insert(&subscriber);
}

void Broker::unsubscribe(Subscriber& subscriber, const std::string& workspace,
                         const std::vector<std::string>& topics) {
  for (const auto& topic : topics) {
    auto it = channels_.find(key(workspace, topic));
    if (it != channels_.end()) it->second.subscribers.erase(&subscriber);
  }
}

Frame Broker::snapshot_frame(const std::string& topic, const Channel& channel,
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

Resume Broker::resume(const Subscriber& subscriber, const std::string& workspace,
                      const std::vector<std::string>& topics, std::uint64_t last_id,
                      std::int64_t now_ms) {
  Resume out;
  const bool from_future = last_id > sequence_;
  std::vector<const Event*> replay;
  for (const auto& topic : topics) {
    auto it = channels_.find(key(workspace, topic));
    if (it == channels_.end()) continue;
    Channel& channel = it->second;
    trim(channel, now_ms);
    if (channel.last_sequence == 0) continue;
    if (from_future || channel.evicted_through > last_id) {
      out.frames.push_back(snapshot_frame(topic, channel, subscriber));
      out.snapshot_topics.push_back(topic);
      continue;
    }
    for (const auto& event : channel.buffer) {
      if (event->sequence > last_id && subscriber.wants(*event)) replay.push_back(event.get());
    }
  }
  std::sort(replay.begin(), replay.end(),
            [](const Event* a, const Event* b) { return a->sequence < b->sequence; });
  for (const Event* e : replay) out.frames.push_back(e->frame);
  out.replayed = replay.size();
  return out;
}

std::vector<EventPtr> Broker::replay(const Subscriber& subscriber, const std::string& workspace,
                                     const std::vector<std::string>& topics, std::uint64_t last_id,
                                     std::int64_t now_ms) {
  std::vector<EventPtr> out;
  for (const auto& topic : topics) {
    auto it = channels_.find(key(workspace, topic));
    if (it == channels_.end()) continue;
    trim(it->second, now_ms);
    for (const auto& event : it->second.buffer) {
      if (event->sequence > last_id && subscriber.wants(*event)) out.push_back(event);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const EventPtr& a, const EventPtr& b) { return a->sequence < b->sequence; });
  return out;
}

std::size_t Broker::buffered_events() const {
  std::size_t n = 0;
  for (const auto& [k, channel] : channels_) n += channel.buffer.size();
  return n;
}

}  // namespace hubd
