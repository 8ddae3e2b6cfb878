// What the hub does with a stream's contents: routing, sequences, snapshots, plain mode,
// heartbeats, bad input; and the configuration it reads from JSON.
#include <catch2/catch.hpp>

#include "../support/hub_driver.hpp"
#include "ssehub/config_json.hpp"
#include "ssehub/hub.hpp"

using namespace ssehub;
using ssehub::testing::Driver;
using ssehub::testing::envelope;

namespace {

Driver open_hub(Protocol protocol = Protocol::Envelope) {
  Config c;
  c.url = "http://127.0.0.1/api/v1/events";
  c.protocol = protocol;
  return Driver(c);
}

std::vector<std::uint64_t> sequences(const std::vector<ssehub::testing::Delivery>& ds) {
  std::vector<std::uint64_t> out;
  for (const auto& d : ds) out.push_back(d.sequence);
  return out;
}

}  // namespace

TEST_CASE("topics route to exact, prefix and wildcard subscriptions", "[hub][routing]") {
  Driver d = open_hub();
  const SubId exact = d.hub.subscribe({"project.lifecycle", ""});
  const SubId prefix = d.hub.subscribe({"project.*", ""});
  const SubId all = d.hub.subscribe({"*", ""});
  const SubId other = d.hub.subscribe({"section.conflict", ""});
  const SubId one_resource = d.hub.subscribe({"project.lifecycle", "p2"});
  d.start();
  d.open_ok();
  d.send(envelope("project.lifecycle", 1, "{\"state\":\"archived\"}", "p1") +
         envelope("project.lifecycle", 2, "{}", "p2") + envelope("projects", 3));

  CHECK(sequences(d.delivered[exact]) == std::vector<std::uint64_t>{1, 2});
  CHECK(sequences(d.delivered[prefix]) == std::vector<std::uint64_t>{1, 2});
  CHECK(sequences(d.delivered[all]) == std::vector<std::uint64_t>{1, 2, 3});
  CHECK(d.delivered[other].empty());
  CHECK(sequences(d.delivered[one_resource]) == std::vector<std::uint64_t>{2});
  CHECK(d.count(EffectKind::Deliver) == 3);  // one effect per event, however many subscribers
  CHECK(d.hub.metrics().events == 3);
  CHECK(d.hub.metrics().deliveries == 8);

  const auto& first = d.delivered[exact][0];
  CHECK(first.topic == "project.lifecycle");
  CHECK(first.resource == "p1");
  CHECK(first.payload == "{\"state\":\"archived\"}");  // raw JSON text, parsed later, once
  CHECK(first.id == "1");
  CHECK(first.is_json);

  d.hub.unsubscribe(prefix);
  d.send(envelope("project.lifecycle", 4));
  CHECK(d.delivered[prefix].size() == 2);
  CHECK(d.delivered[exact].size() == 3);
}

TEST_CASE("subscribers of one event get it in subscription order", "[hub][routing]") {
  Driver d = open_hub();
  const SubId a = d.hub.subscribe({"*", ""});
  const SubId b = d.hub.subscribe({"t.x", ""});
  const SubId c = d.hub.subscribe({"t.*", ""});
  d.start();
  d.open_ok();
  d.send(envelope("t.x", 1));
  REQUIRE(d.log.back().kind == EffectKind::Deliver);
  CHECK(d.log.back().subs == std::vector<SubId>{a, b, c});
}

TEST_CASE("invalid filters are refused", "[hub][routing]") {
  Driver d = open_hub();
  CHECK(d.hub.subscribe({"", ""}) == 0);
  CHECK(d.hub.subscribe({".*", ""}) == 0);
  CHECK(d.hub.subscribe({"a b", ""}) == 0);
  CHECK(d.hub.subscribe({"a\nevent: x", ""}) == 0);
  CHECK(d.hub.subscribe({"a.*", ""}) != 0);
}

TEST_CASE("replayed duplicates are dropped; the resume id is the last sequence",
          "[hub][sequence]") {
  Driver d = open_hub();
  const SubId s = d.hub.subscribe({"*", ""});
  d.start();
  d.open_ok();
  d.send(envelope("a", 1) + envelope("b", 2) + envelope("a", 3));
  d.drop();
  d.advance(d.retry_in());
  REQUIRE(d.opens.size() == 2);
  CHECK(d.opens[1].text[1] == "3");
  d.open_ok();
  d.send(envelope("a", 3) + envelope("b", 2) + envelope("a", 4));  // overlap replayed
  CHECK(sequences(d.delivered[s]) == std::vector<std::uint64_t>{1, 2, 3, 4});
  CHECK(d.hub.metrics().duplicates == 2);
  CHECK(d.count(TelemetryCode::Duplicate) == 2);
  CHECK(d.hub.last_event_id() == "4");
}

TEST_CASE("hub.snapshot resets the topic's subscribers, filtered by resource", "[hub][sequence]") {
  Driver d = open_hub();
  const SubId all = d.hub.subscribe({"doc.*", ""});
  const SubId only_d2 = d.hub.subscribe({"doc.state", "d2"});
  const SubId unrelated = d.hub.subscribe({"chat", ""});
  d.start();
  d.open_ok();
  d.send(envelope("doc.state", 5, "{\"v\":1}", "d1"));
  d.send(
      "event: hub.snapshot\n"
      "data: {\"topic\":\"doc.state\",\"sequence\":40,\"items\":["
      "{\"topic\":\"doc.state\",\"resourceId\":\"d1\",\"payload\":{\"v\":9},\"sequence\":38},"
      "{\"topic\":\"doc.state\",\"resourceId\":\"d2\",\"payload\":{\"v\":4},\"sequence\":40}]}"
      "\n\n");
  REQUIRE(d.snapshots[all].size() == 1);
  CHECK(d.snapshots[all][0].number == 40);
  CHECK(d.snapshots[all][0].text[0] == "doc.state");
  CHECK(d.snapshots[all][0].text[1].find("\"d1\"") != std::string::npos);
  REQUIRE(d.snapshots[only_d2].size() == 1);
  CHECK(d.snapshots[only_d2][0].text[1] ==
        "[{\"topic\":\"doc.state\",\"resourceId\":\"d2\",\"payload\":{\"v\":4},\"sequence\":40}]");
  CHECK(d.snapshots[unrelated].empty());
  CHECK(d.hub.metrics().snapshots == 1);
  CHECK(d.count(TelemetryCode::Gap) == 1);

  // Replay of the topic older than the snapshot is not delivered again; newer is.
  d.send(envelope("doc.state", 39, "{}", "d1") + envelope("doc.state", 41, "{}", "d1"));
  CHECK(sequences(d.delivered[all]) == std::vector<std::uint64_t>{5, 41});
}

TEST_CASE("malformed envelopes are counted, never delivered, and lose nothing after them",
          "[hub][bad-input]") {
  Driver d = open_hub();
  const SubId s = d.hub.subscribe({"*", ""});
  d.start();
  d.open_ok();
  d.send("event: a\ndata: {not json\n\n");
  d.send("event: a\ndata: {\"topic\":\"a\",\"payload\":1}\n\n");                  // no sequence
  d.send("event: a\ndata: {\"topic\":\"a\",\"sequence\":-3,\"payload\":1}\n\n");  // bad sequence
  d.send("event: a\ndata: {\"sequence\":3,\"payload\":1}\n\n");                   // no topic
  d.send("event: a\ndata: [1,2]\n\n");
  d.send(std::string("\xff\xfe\x00garbage\r\r", 12));
  d.send(envelope("a", 9));
  CHECK(d.hub.metrics().bad_frames == 5);
  CHECK(d.count(TelemetryCode::BadFrame) == 5);
  CHECK(sequences(d.delivered[s]) == std::vector<std::uint64_t>{9});
  CHECK(d.state() == HealthState::Healthy);
}

TEST_CASE("an oversize frame is skipped and reported; the stream goes on", "[hub][bad-input]") {
  Config c;
  c.url = "http://h/e";
  c.max_frame_bytes = 1024;
  Driver d(c);
  const SubId s = d.hub.subscribe({"a", ""});
  d.start();
  d.open_ok();
  d.send("event: a\ndata: " + std::string(5000, 'x') + "\n\n");
  d.send(envelope("a", 1));
  CHECK(d.hub.metrics().bad_frames == 1);
  CHECK(d.delivered[s].size() == 1);
}

TEST_CASE("escaped topics and resource ids are decoded", "[hub][sequence]") {
  Driver d = open_hub();
  const SubId s = d.hub.subscribe({"a.b", "x/y"});
  d.start();
  d.open_ok();
  d.send(
      "data: {\"topic\":\"a\\u002eb\",\"resourceId\":\"x\\/y\",\"payload\":\"\\u00e9\","
      "\"sequence\":1}\n\n");
  REQUIRE(d.delivered[s].size() == 1);
  CHECK(d.delivered[s][0].payload == "\"\\u00e9\"");
}

TEST_CASE("plain mode: event type is the topic, ids are opaque and resumed", "[hub][plain]") {
  Driver d = open_hub(Protocol::Plain);
  const SubId news = d.hub.subscribe({"new_item", ""});
  const SubId msg = d.hub.subscribe({"message", ""});
  d.start();
  d.open_ok();
  d.send("event: new_item\nid: item-7f\ndata: {\"id\":1}\n\n");
  d.send("data: hello\n\n");  // not JSON: delivered as text
  d.send("event: ping\ndata: {}\n\n");
  REQUIRE(d.delivered[news].size() == 1);
  CHECK(d.delivered[news][0].payload == "{\"id\":1}");
  CHECK(d.delivered[news][0].id == "item-7f");
  CHECK(d.delivered[news][0].is_json);
  REQUIRE(d.delivered[msg].size() == 1);
  CHECK(d.delivered[msg][0].payload == "hello");
  CHECK_FALSE(d.delivered[msg][0].is_json);
  CHECK(d.hub.metrics().heartbeats == 1);
  d.drop();
  d.advance(d.retry_in());
  CHECK(d.opens.at(1).text[1] == "item-7f");
}

TEST_CASE("the resume id can travel in the query for header-less transports", "[hub][plain]") {
  Config c;
  c.url = "http://h/e?x=1";
  c.last_event_id_query = "lastEventId";
  Driver d(c);
  d.start();
  d.open_ok();
  d.send(envelope("a", 12));
  d.drop();
  d.advance(d.retry_in());
  CHECK(d.opens.at(0).text[0] == "http://h/e?x=1");
  CHECK(d.opens.at(1).text[0] == "http://h/e?x=1&lastEventId=12");
}

TEST_CASE("configuration from JSON", "[hub][config]") {
  std::string error;
  auto c = config_from_json(
      R"({"url":"/api/v1/events","scope":{"projectId":"p1","n":3},"protocol":"plain",
          "retry":{"initialMs":1000,"factor":2,"maxMs":30000,"jitter":"none",
                   "attemptsBeforeDegraded":3},
          "heartbeat":{"intervalMs":30000,"staleFactor":2,"graceMs":0,"events":["ping"]},
          "enabled":true,"useCredentials":true,"pauseWhenHidden":true,"maxFrameBytes":4096,
          "lastEventIdQuery":"lastEventId","seed":42,"connectTimeoutMs":5000,
          "refreshBeforeExpiryMs":10000})",
      error);
  REQUIRE(c);
  CHECK(error.empty());
  CHECK(c->url == "/api/v1/events");
  CHECK(c->scope ==
        std::vector<std::pair<std::string, std::string>>{{"projectId", "p1"}, {"n", "3"}});
  CHECK(c->protocol == Protocol::Plain);
  CHECK(c->retry.jitter == Jitter::None);
  CHECK(c->retry.attempts_before_degraded == 3);
  CHECK(c->heartbeat.interval_ms == 30000);
  CHECK(c->heartbeat.event_names == std::vector<std::string>{"ping"});
  CHECK(c->use_credentials);
  CHECK(c->pause_when_hidden);
  CHECK(c->max_frame_bytes == 4096);
  CHECK(c->seed == 42);

  CHECK_FALSE(config_from_json(R"({"scope":{}})", error));
  CHECK(error == "url is required");
  CHECK_FALSE(config_from_json(R"({"url":"/e","retry":{"jitter":"some"}})", error));
  CHECK(error == "jitter must be full, equal, decorrelated or none: \"jitter\"");
  CHECK_FALSE(config_from_json(R"({"url":"/e","colour":1})", error));
  CHECK(error == "unknown option: \"colour\"");
  CHECK_FALSE(config_from_json(R"({"url":"/e","retry":{"factor":0.5}})", error));
  CHECK_FALSE(config_from_json("[]", error));
  CHECK_FALSE(config_from_json("{\"url\":", error));
}

TEST_CASE("a restarted hub (sequence behind ours) resets sequence tracking", "[hub][sequence]") {
  Driver d = open_hub();
  const SubId s = d.hub.subscribe({"a", ""});
  d.start();
  d.open_ok();
  d.send("event: hub.ready\ndata: {\"heartbeatMs\":15000,\"sequence\":0}\n\n");
  d.send(envelope("a", 41) + envelope("a", 42));
  d.drop();
  d.advance(d.retry_in());
  CHECK(d.opens.at(1).text[1] == "42");
  d.open_ok();
  // The new process knows nothing of 42: it snapshots from its own numbers and goes on.
  d.send("event: hub.ready\ndata: {\"heartbeatMs\":15000,\"sequence\":3}\n\n");
  d.send("event: hub.snapshot\ndata: {\"topic\":\"a\",\"sequence\":3,\"items\":[]}\n\n");
  d.send(envelope("a", 4));
  CHECK(d.snapshots[s].size() == 1);
  CHECK(sequences(d.delivered[s]) == std::vector<std::uint64_t>{41, 42, 4});
  CHECK(d.hub.last_event_id() == "4");
  // A ready that is not behind changes nothing.
  d.send("event: hub.ready\ndata: {\"heartbeatMs\":15000,\"sequence\":4}\n\n");
  d.send(envelope("a", 4));
  CHECK(d.delivered[s].size() == 3);
}
