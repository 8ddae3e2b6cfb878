#include <catch2/catch.hpp>
#include <unordered_set>

#include "hub/memory_broker.hpp"

using hubd::BrokerLimits;
using hubd::EventPtr;
using hubd::MemoryBroker;
using nlohmann::json;

namespace {

class Sink final : public hubd::Subscriber {
 public:
  std::optional<std::unordered_set<std::string>> resources;
  std::vector<EventPtr> got;
  bool wants(const hubd::Event& e) const override {
    return !resources || resources->count(e.resource_id) > 0;
  }
  void deliver(const EventPtr& e) override { got.push_back(e); }
};

hubd::PublishInput in(const char* ws, const char* topic, const char* resource, json payload = {}) {
  return {ws, topic, resource, std::move(payload), nullptr, {}};
}

const std::vector<std::string> kTopics = {"a.x", "b.y"};

// The memory broker's completions run inline: these read them as return values.
hubd::PublishResult publish(MemoryBroker& b, hubd::PublishInput input, std::int64_t now) {
  hubd::PublishResult out;
  b.publish(std::move(input), now, [&out](const hubd::PublishResult& r) { out = r; });
  return out;
}

void subscribe(MemoryBroker& b, hubd::Subscriber& s, const std::string& ws,
               const std::vector<std::string>& topics) {
  b.subscribe(s, ws, topics, std::nullopt, 0, {});
}

// A hub protocol resume as a stream sends it: the snapshots, then the events' frames.
struct Resume {
  std::vector<hubd::Frame> frames;
  std::vector<std::string> snapshot_topics;
  std::size_t replayed = 0;
};

Resume resume(MemoryBroker& b, const hubd::Subscriber& s, const std::string& ws,
              const std::vector<std::string>& topics, std::uint64_t last_id, std::int64_t now) {
  const auto missed = b.catchup(s, ws, topics, {last_id, true}, now);
  Resume r{missed.snapshots, missed.snapshot_topics, missed.events.size()};
  for (const auto& e : missed.events) r.frames.push_back(e->frame);
  return r;
}

}  // namespace

TEST_CASE("one monotonic sequence per workspace; publish order is delivery order", "[broker]") {
  MemoryBroker b({100, 60'000});
  Sink s;
  subscribe(b, s, "acme", kTopics);
  for (int i = 0; i < 10; ++i) publish(b, in("acme", i % 2 ? "a.x" : "b.y", "r1", i), 1000 + i);
  REQUIRE(s.got.size() == 10);
  for (std::size_t i = 0; i < s.got.size(); ++i) {
    CHECK(s.got[i]->sequence == i + 1);
    CHECK(json::parse(s.got[i]->envelope)["payload"] == static_cast<int>(i));
  }
}

TEST_CASE("envelope and frame shape", "[broker]") {
  MemoryBroker b({100, 60'000});
  Sink s;
  subscribe(b, s, "acme", kTopics);
  auto r = publish(b, {"acme", "a.x", "doc-1", {{"text", "two\nlines"}}, {{"trace", "t1"}}, {}},
                   1'762'171'200'123);
  CHECK(r.receivers == 1);
  const auto env = json::parse(r.event->envelope);
  CHECK(env["topic"] == "a.x");
  CHECK(env["resourceId"] == "doc-1");
  CHECK(env["payload"]["text"] == "two\nlines");
  CHECK(env["sequence"] == 1);
  CHECK(env["emittedAt"] == 1762171200123);
  CHECK(env["meta"]["trace"] == "t1");
  CHECK(*r.event->frame == "id: 1\nevent: a.x\ndata: " + r.event->envelope + "\n\n");
  CHECK(r.event->envelope.find('\n') == std::string::npos);
  // The same frame object goes to every receiver.
  Sink t;
  subscribe(b, t, "acme", {"a.x"});
  publish(b, in("acme", "a.x", "doc-1"), 2);
  CHECK(s.got.back()->frame.get() == t.got.back()->frame.get());
}

TEST_CASE("workspaces are isolated", "[broker]") {
  MemoryBroker b({100, 60'000});
  Sink acme, globex;
  subscribe(b, acme, "acme", kTopics);
  subscribe(b, globex, "globex", kTopics);
  publish(b, in("acme", "a.x", "r"), 1);
  publish(b, in("globex", "a.x", "r"), 2);
  REQUIRE(acme.got.size() == 1);
  CHECK(acme.got[0]->workspace == "acme");
  REQUIRE(globex.got.size() == 1);
  CHECK(globex.got[0]->workspace == "globex");
  Sink late;
  auto r = resume(b, late, "globex", kTopics, 0, 3);
  REQUIRE(r.frames.size() == 1);
  CHECK(r.frames[0]->find("\"sequence\":1") != std::string::npos);
}

TEST_CASE("a workspace's sequence says nothing of another's activity", "[broker]") {
  MemoryBroker b({100, 60'000});
  for (int i = 0; i < 5; ++i) publish(b, in("acme", "a.x", "r"), 1);
  CHECK(b.sequence("acme") == 5);
  CHECK(b.sequence("globex") == 0);
  CHECK(publish(b, in("globex", "a.x", "r"), 2).event->sequence == 1);
  CHECK(b.sequence("globex") == 1);
  // An id past globex's own sequence is from the future (a restarted hub) for globex, even
  // though acme got that far.
  Sink s;
  CHECK(resume(b, s, "globex", kTopics, 3, 3).snapshot_topics == std::vector<std::string>{"a.x"});
  CHECK(resume(b, s, "acme", kTopics, 3, 3).snapshot_topics.empty());
}

TEST_CASE("resource filters apply to live events, replay and snapshots", "[broker]") {
  MemoryBroker b({2, 60'000});
  Sink s;
  s.resources = std::unordered_set<std::string>{"p1"};
  subscribe(b, s, "acme", kTopics);
  publish(b, in("acme", "a.x", "p1"), 1);
  publish(b, in("acme", "a.x", "p2"), 2);
  CHECK(s.got.size() == 1);
  auto r = resume(b, s, "acme", kTopics, 0, 3);
  CHECK(r.replayed == 1);
  publish(b, in("acme", "a.x", "p2"), 4);  // evicts seq 1
  r = resume(b, s, "acme", kTopics, 0, 5);
  REQUIRE(r.snapshot_topics == std::vector<std::string>{"a.x"});
  CHECK(r.frames[0]->find("\"resourceId\":\"p1\"") != std::string::npos);
  CHECK(r.frames[0]->find("\"resourceId\":\"p2\"") == std::string::npos);
}

TEST_CASE("resume replays what the buffer covers, in order, across topics", "[broker]") {
  MemoryBroker b({100, 60'000});
  Sink s;
  for (int i = 0; i < 6; ++i) publish(b, in("acme", i % 2 ? "a.x" : "b.y", "r"), 1000);
  auto r = resume(b, s, "acme", kTopics, 2, 1000);
  CHECK(r.snapshot_topics.empty());
  REQUIRE(r.frames.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(r.frames[i]->rfind("id: " + std::to_string(i + 3) + "\n", 0) == 0);
  }
  CHECK(resume(b, s, "acme", kTopics, 6, 1000).frames.empty());
  CHECK(resume(b, s, "acme", {"a.x"}, 0, 1000).frames.size() == 3);
}

TEST_CASE("eviction by count turns a resume into a snapshot of latest per resource", "[broker]") {
  MemoryBroker b({3, 60'000});
  publish(b, in("acme", "a.x", "r1", "r1-old"), 1);
  publish(b, in("acme", "a.x", "r2", "r2-only"), 2);
  for (int i = 0; i < 3; ++i) publish(b, in("acme", "a.x", "r1", "r1-" + std::to_string(i)), 3);
  publish(b, in("acme", "b.y", "z", "z"), 4);
  Sink s;
  auto r = resume(b, s, "acme", kTopics, 1, 5);
  REQUIRE(r.snapshot_topics == std::vector<std::string>{"a.x"});
  REQUIRE(r.frames.size() == 2);  // the a.x snapshot, then b.y's event 6
  const std::string& snap = *r.frames[0];
  CHECK(snap.rfind("event: hub.snapshot\ndata: ", 0) == 0);
  CHECK(snap.find("\nid:") == std::string::npos);  // never moves the client's last id
  const auto data = json::parse(snap.substr(snap.find("data: ") + 6));
  CHECK(data["topic"] == "a.x");
  CHECK(data["sequence"] == 5);
  REQUIRE(data["items"].size() == 2);
  CHECK(data["items"][0]["payload"] == "r2-only");
  CHECK(data["items"][1]["payload"] == "r1-2");
  CHECK(r.frames[1]->rfind("id: 6\n", 0) == 0);
  // Resuming from an id the buffer still covers needs no snapshot.
  CHECK(resume(b, s, "acme", {"a.x"}, 3, 5).snapshot_topics.empty());
}

TEST_CASE("eviction by age", "[broker]") {
  MemoryBroker b({100, 1000});
  publish(b, in("acme", "a.x", "r"), 0);
  publish(b, in("acme", "a.x", "r"), 900);
  Sink s;
  CHECK(resume(b, s, "acme", {"a.x"}, 0, 999).snapshot_topics.empty());
  auto r = resume(b, s, "acme", {"a.x"}, 0, 1500);  // event 1 is now older than 1 s
  CHECK(r.snapshot_topics.size() == 1);
  CHECK(resume(b, s, "acme", {"a.x"}, 1, 1500).snapshot_topics.empty());
  CHECK(b.buffered_events() == 1);
}

TEST_CASE("an id from the future (a restarted hub) gets snapshots", "[broker]") {
  MemoryBroker b({100, 60'000});
  publish(b, in("acme", "a.x", "r"), 1);
  Sink s;
  auto r = resume(b, s, "acme", kTopics, 500, 2);
  CHECK(r.snapshot_topics == std::vector<std::string>{"a.x"});  // b.y never had events
}

TEST_CASE("unsubscribe, and a subscriber closing itself during fan-out", "[broker]") {
  MemoryBroker b({100, 60'000});
  struct Closer final : hubd::Subscriber {
    hubd::Broker* broker;
    hubd::Subscriber* other;
    int n = 0;
    bool wants(const hubd::Event&) const override { return true; }
    void deliver(const EventPtr&) override {
      ++n;
      broker->unsubscribe(*this, "acme", {"a.x"});
      broker->unsubscribe(*other, "acme", {"a.x"});
    }
  };
  Sink s;
  Closer c;
  c.broker = &b;
  c.other = &s;
  subscribe(b, c, "acme", {"a.x"});
  subscribe(b, s, "acme", {"a.x"});
  publish(b, in("acme", "a.x", "r"), 1);
  publish(b, in("acme", "a.x", "r"), 2);
  CHECK(c.n == 1);
  CHECK(s.got.size() <= 1);
}

TEST_CASE("subscribing with a resume point: the catchup comes first, then live events",
          "[broker]") {
  MemoryBroker b({100, 60'000});
  for (int i = 0; i < 3; ++i) publish(b, in("acme", "a.x", "r"), 1);
  Sink s;
  std::vector<std::uint64_t> caught_up;
  b.subscribe(s, "acme", {"a.x"}, hubd::ResumeFrom{1, true}, 2, [&](hubd::Catchup missed) {
    CHECK(s.got.empty());  // before any delivery
    for (const auto& e : missed.events) caught_up.push_back(e->sequence);
  });
  CHECK(caught_up == std::vector<std::uint64_t>{2, 3});
  publish(b, in("acme", "a.x", "r"), 3);
  REQUIRE(s.got.size() == 1);
  CHECK(s.got[0]->sequence == 4);
}

TEST_CASE("a plain dialect's resume: what the history holds, never snapshots", "[broker]") {
  MemoryBroker b({2, 60'000});
  for (int i = 0; i < 4; ++i) publish(b, in("acme", "a.x", "r"), 1);  // evicts 1 and 2
  Sink s;
  const auto missed = b.catchup(s, "acme", kTopics, {1, false}, 2);
  CHECK(missed.snapshots.empty());
  CHECK(missed.snapshot_topics.empty());
  REQUIRE(missed.events.size() == 2);
  CHECK(missed.events[0]->sequence == 3);
  CHECK(missed.events[1]->sequence == 4);
  CHECK(b.catchup(s, "acme", kTopics, {9, false}, 2).events.empty());  // from the future
  // The hub protocol asks for snapshots: the same gap becomes one.
  CHECK(b.catchup(s, "acme", kTopics, {1, true}, 2).snapshot_topics ==
        std::vector<std::string>{"a.x"});
}

namespace {

json snapshot_data(const hubd::Frame& frame) {
  return json::parse(frame->substr(frame->find("data: ") + 6));
}

std::vector<std::string> snapshot_resources(const hubd::Frame& frame) {
  std::vector<std::string> out;
  const json data = snapshot_data(frame);
  for (const auto& item : data["items"]) out.push_back(item["resourceId"]);
  return out;
}

}  // namespace

TEST_CASE("replay buffers are bounded in bytes too", "[broker]") {
  BrokerLimits limits{1000, 60'000};
  limits.replay_bytes = 64 * 1024;
  MemoryBroker b(limits);
  const std::string big(10'000, 'x');
  for (int i = 0; i < 100; ++i) publish(b, in("acme", "a.x", "r", big), 1);
  CHECK(b.buffered_bytes() <= limits.replay_bytes);
  CHECK(b.buffered_events() >= 2);
  CHECK(b.buffered_events() <= 3);  // each event holds the payload about three times
  Sink s;
  CHECK(resume(b, s, "acme", {"a.x"}, 0, 1).snapshot_topics == std::vector<std::string>{"a.x"});
  CHECK(resume(b, s, "acme", {"a.x"}, 99, 1).replayed == 1);
}

TEST_CASE("the latest values are bounded per topic; snapshots say what they lack", "[broker]") {
  BrokerLimits limits{2, 60'000};
  limits.latest_per_topic = 3;
  MemoryBroker b(limits);
  for (int i = 1; i <= 5; ++i) publish(b, in("acme", "a.x", ("r" + std::to_string(i)).c_str()), 1);
  publish(b, in("acme", "a.x", "r3", "again"), 1);  // now the most recent
  publish(b, in("acme", "b.y", "z"), 1);
  CHECK(b.latest_entries() == 4);
  Sink s;
  auto r = resume(b, s, "acme", kTopics, 0, 1);
  REQUIRE(r.snapshot_topics == std::vector<std::string>{"a.x"});
  CHECK(snapshot_resources(r.frames[0]) == std::vector<std::string>{"r4", "r5", "r3"});
  CHECK(snapshot_data(r.frames[0])["truncated"] == true);
  CHECK(snapshot_data(r.frames[0])["sequence"] == 6);
  // A topic that never lost a latest value makes a complete snapshot.
  publish(b, in("acme", "b.y", "z"), 1);
  publish(b, in("acme", "b.y", "z"), 1);
  r = resume(b, s, "acme", {"b.y"}, 0, 1);
  REQUIRE(r.snapshot_topics == std::vector<std::string>{"b.y"});
  CHECK(!snapshot_data(r.frames[0]).contains("truncated"));
}

TEST_CASE("the latest values are bounded in bytes across topics, least recent first", "[broker]") {
  BrokerLimits limits{1, 60'000};
  limits.latest_bytes = 32 * 1024;
  MemoryBroker b(limits);
  const std::string big(2000, 'x');
  for (int i = 0; i < 200; ++i) {
    publish(b, in("acme", i % 2 ? "a.x" : "b.y", ("r" + std::to_string(i)).c_str(), big), 1);
    CHECK(b.latest_bytes() <= limits.latest_bytes);
  }
  CHECK(b.latest_entries() >= 4);
  Sink s;
  auto r = resume(b, s, "acme", {"a.x"}, 0, 1);
  const auto kept = snapshot_resources(r.frames[0]);
  REQUIRE(!kept.empty());
  CHECK(kept.back() == "r199");  // the most recent are kept
  CHECK(snapshot_data(r.frames[0])["truncated"] == true);
  // One value larger than the whole bound still stays: the newest is never dropped.
  publish(b, in("globex", "a.x", "huge", std::string(64 * 1024, 'y')), 1);
  CHECK(b.latest_entries() == 1);
  CHECK(resume(b, s, "globex", {"a.x"}, 5, 1).snapshot_topics.size() == 1);
}

TEST_CASE("a snapshot stays within the subscriber's budget, newest items first", "[broker]") {
  MemoryBroker b({1, 60'000});
  for (int i = 0; i < 50; ++i)
    publish(b, in("acme", "a.x", ("r" + std::to_string(i)).c_str(), std::string(100, 'p')), 1);
  for (int i = 0; i < 50; ++i)
    publish(b, in("acme", "b.y", ("q" + std::to_string(i)).c_str(), std::string(100, 'p')), 1);
  Sink s;
  const auto full = b.catchup(s, "acme", kTopics, {0, true}, 1);
  REQUIRE(full.snapshots.size() == 2);
  CHECK(snapshot_data(full.snapshots[0])["items"].size() == 50);
  CHECK(!snapshot_data(full.snapshots[0]).contains("truncated"));

  const std::size_t budget = 4096;
  const auto capped = b.catchup(s, "acme", kTopics, {0, true, budget}, 1);
  REQUIRE(capped.snapshots.size() == 2);  // every topic that lost events still gets one
  CHECK(capped.snapshots[0]->size() + capped.snapshots[1]->size() <= budget + 200);
  const auto items = snapshot_data(capped.snapshots[0])["items"];
  REQUIRE(!items.empty());
  CHECK(items.back()["resourceId"] == "r49");
  CHECK(snapshot_data(capped.snapshots[0])["truncated"] == true);
  CHECK(snapshot_data(capped.snapshots[1])["items"].empty());
  CHECK(snapshot_data(capped.snapshots[1])["truncated"] == true);
}
