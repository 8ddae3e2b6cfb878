// Exactly once, in order, across any number of reconnects: a simulated hub server
// publishes numbered events on several topics while the test splits the stream at random
// and cuts it at random; the server replays from Last-Event-ID and sends hub.snapshot
// for a topic whose buffer no longer covers the gap.
#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <set>

#include "../support/hub_driver.hpp"
#include "ssehub/hub.hpp"

using namespace ssehub;
using ssehub::testing::Driver;

namespace {

struct Published {
  std::uint64_t sequence;
  std::string topic, resource, frame, envelope;
};

class SimServer {
 public:
  SimServer(std::vector<std::string> topics, std::size_t buffer)
      : topics_(std::move(topics)), buffer_(buffer) {}

  // Publishes one event; returns its frame for a live stream.
  const std::string& publish(std::mt19937& rng) {
    Published p;
    p.sequence = ++sequence_;
    p.topic = topics_[rng() % topics_.size()];
    p.resource = "r" + std::to_string(rng() % 4);
    p.envelope = "{\"topic\":\"" + p.topic + "\",\"resourceId\":\"" + p.resource +
                 "\",\"payload\":{\"n\":" + std::to_string(p.sequence) +
                 ",\"text\":\"caf\xC3\xA9 \\n line\"},\"sequence\":" + std::to_string(p.sequence) +
                 ",\"emittedAt\":1}";
    p.frame = "id: " + std::to_string(p.sequence) + "\nevent: " + p.topic +
              "\ndata: " + p.envelope + "\n\n";
    auto& buf = buffers_[p.topic];
    buf.push_back(all_.size());
    if (buf.size() > buffer_) {
      evicted_[p.topic] = all_[buf.front()].sequence;
      buf.pop_front();
    }
    latest_[p.topic][p.resource] = all_.size();
    all_.push_back(std::move(p));
    return all_.back().frame;
  }

  // The start of a stream for a client resuming after `last_id`.
  std::string accept(std::string_view last_id) {
    const std::uint64_t after = last_id.empty() ? 0 : std::stoull(std::string(last_id));
    std::string out = "retry: 100\nevent: hub.ready\ndata: {\"heartbeatMs\":15000}\n\n";
    std::set<std::size_t> replay;
    for (const auto& topic : topics_) {
      if (evicted_[topic] > after) {  // events after `after` were evicted: snapshot
        ++snapshots_sent;
        std::string items;
        for (const auto& [resource, index] : latest_[topic]) {
          items += (items.empty() ? "" : ",") + all_[index].envelope;
        }
        const std::uint64_t current = all_[buffers_[topic].back()].sequence;
        out += "event: hub.snapshot\ndata: {\"topic\":\"" + topic +
               "\",\"sequence\":" + std::to_string(current) + ",\"items\":[" + items + "]}\n\n";
      } else {
        for (std::size_t index : buffers_[topic]) {
          if (all_[index].sequence > after) replay.insert(index);
        }
      }
    }
    for (std::size_t index : replay) out += all_[index].frame;
    return out;
  }

  const std::vector<Published>& all() const { return all_; }
  int snapshots_sent = 0;

 private:
  std::vector<std::string> topics_;
  std::size_t buffer_;
  std::uint64_t sequence_ = 0;
  std::vector<Published> all_;
  std::map<std::string, std::deque<std::size_t>> buffers_;
  std::map<std::string, std::uint64_t> evicted_;                      // last evicted sequence
  std::map<std::string, std::map<std::string, std::size_t>> latest_;  // per resource
};

}  // namespace

TEST_CASE("every subscriber gets every event exactly once, in order, across cuts",
          "[hub][property]") {
  const auto seed = GENERATE(1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u);
  std::mt19937 rng(seed);
  const std::vector<std::string> topics = {"a.one", "a.two", "b", "c"};
  SimServer server(topics, 40);

  Config config;
  config.url = "http://127.0.0.1/api/v1/events";
  config.retry = {50, 2.0, 2000, Jitter::Full, 1000000};
  config.seed = seed;
  Driver d(config);
  std::map<std::string, SubId> per_topic;
  for (const auto& t : topics) per_topic[t] = d.hub.subscribe({t, ""});
  const SubId prefix = d.hub.subscribe({"a.*", ""});
  const SubId all = d.hub.subscribe({"*", ""});
  const SubId resource = d.hub.subscribe({"b", "r1"});

  std::string pending;  // bytes of the current stream not yet delivered
  bool open = false;
  int cuts = 0;
  d.start();
  const std::size_t total = 4000;
  while (server.all().size() < total || !open || !pending.empty()) {
    if (!open) {
      if (server.all().size() < total && rng() % 4 == 0) {
        const int burst = static_cast<int>(rng() % 60);  // sometimes past the buffer
        for (int i = 0; i < burst && server.all().size() < total; ++i) server.publish(rng);
      }
      if (d.conn == 0) d.advance(std::max<TimeMs>(d.retry_in(), 0));
      REQUIRE(d.conn != 0);
      pending = server.accept(d.opens.back().text[1]);
      d.open_ok();
      open = true;
      continue;
    }
    if (server.all().size() < total) {
      for (int i = static_cast<int>(rng() % 5); i > 0 && server.all().size() < total; --i) {
        pending += server.publish(rng);
      }
    }
    const std::size_t n = std::min<std::size_t>(pending.size(), 1 + rng() % 300);
    d.send(std::string_view(pending).substr(0, n));
    pending.erase(0, n);
    d.advance(1);
    if (rng() % 40 == 0 && server.all().size() < total) {
      d.drop(rng() % 2 ? CloseReason::Eof : CloseReason::NetworkError);
      pending.clear();
      open = false;
      ++cuts;
    }
  }
  CHECK(cuts > 20);
  CHECK(server.snapshots_sent > 0);

  // Walk each subscriber's deliveries and snapshots in the order the hub emitted them
  // against what the server published: each delivery must be exactly the next event the
  // subscriber is owed; only a snapshot may skip events, and only up to its sequence.
  auto check = [&](SubId sub, auto wanted) {
    std::vector<std::uint64_t> owed;
    for (const auto& p : server.all()) {
      if (wanted(p)) owed.push_back(p.sequence);
    }
    std::size_t next = 0;
    for (const auto& r : d.log) {
      if (std::find(r.subs.begin(), r.subs.end(), sub) == r.subs.end()) continue;
      const auto seq = static_cast<std::uint64_t>(r.number);
      if (r.kind == EffectKind::Snapshot) {
        while (next < owed.size() && owed[next] <= seq) ++next;
      } else if (r.kind == EffectKind::Deliver) {
        REQUIRE(next < owed.size());
        REQUIRE(seq == owed[next]);
        ++next;
      }
    }
    CHECK(next == owed.size());
    return owed.size();
  };
  for (const auto& t : topics) {
    CHECK(check(per_topic[t], [&](const Published& p) { return p.topic == t; }) > 500);
  }
  check(resource, [](const Published& p) { return p.topic == "b" && p.resource == "r1"; });
  // Subscribers of several topics: per topic, the same order.
  for (SubId sub : {prefix, all}) {
    for (const auto& t : topics) {
      std::uint64_t last = 0;
      for (const auto& g : d.delivered[sub]) {
        if (g.topic != t) continue;
        REQUIRE(g.sequence > last);
        last = g.sequence;
      }
    }
  }
  CHECK(d.delivered[prefix].size() + d.delivered[per_topic["b"]].size() +
            d.delivered[per_topic["c"]].size() ==
        d.delivered[all].size());
  // Nothing was lost silently: a snapshot for each gap, and no event missing after it.
  const auto& m = d.hub.metrics();
  CHECK(m.snapshots > 0);
  CHECK(m.snapshots <= static_cast<std::uint64_t>(server.snapshots_sent));
  CHECK(m.bad_frames == 0);
  // The final stream delivered the newest event to its topic's subscriber.
  const auto& last = server.all().back();
  CHECK(d.delivered[per_topic[last.topic]].back().sequence == last.sequence);
}
