// Connection health, retry, refusals, staleness, page and network events, credentials:
// every timed behaviour on the virtual clock of the test driver.
#include <catch2/catch.hpp>

#include "../support/hub_driver.hpp"
#include "ssehub/hub.hpp"

using namespace ssehub;
using ssehub::testing::Driver;
using ssehub::testing::envelope;

namespace {

Config base_config() {
  Config c;
  c.url = "https://hub.test/api/v1/events";
  return c;
}

// Seed 002: 1 s, 2 s, 4 s, 8 s, at most 30 s; polling after 3 failed attempts; a ping
// every 30 s and stale after 60 s without one.
Config seed_002_config() {
  Config c = base_config();
  c.protocol = Protocol::Plain;
  c.retry = {1000, 2.0, 30000, Jitter::None, 3};
  c.heartbeat.interval_ms = 30000;
  c.heartbeat.stale_factor = 2.0;
  c.heartbeat.grace_ms = 0;
  c.heartbeat.event_names = {"ping"};
  return c;
}

}  // namespace

TEST_CASE("a started hub connects, becomes healthy on open, and stays quiet", "[hub][health]") {
  Driver d(base_config());
  CHECK(d.state() == HealthState::Closed);
  d.start();
  CHECK(d.state() == HealthState::Connecting);
  REQUIRE(d.opens.size() == 1);
  CHECK(d.opens[0].text[0] == "https://hub.test/api/v1/events");
  CHECK(d.opens[0].text[1].empty());   // nothing to resume from yet
  CHECK(d.timer_at == d.now + 20000);  // connect timeout
  d.advance(50);
  d.open_ok();
  CHECK(d.state() == HealthState::Healthy);
  CHECK(d.hub.health().since == d.now);
  CHECK(d.hub.health().reason == Reason::Opened);
  CHECK_FALSE(d.hub.polling());
  CHECK(d.count(EffectKind::Fallback) == 0);  // polling was never on
}

TEST_CASE("the scope becomes the stream URL's query, encoded", "[hub][health]") {
  Config c = base_config();
  c.scope = {{"projectId", "p 1"}, {"topics", "project.lifecycle,section.*"}};
  Driver d(c);
  d.start();
  CHECK(d.opens.at(0).text[0] ==
        "https://hub.test/api/v1/events?projectId=p%201&topics=project.lifecycle%2Csection.%2A");
}

TEST_CASE("seed 002: 1, 2, 4 s backoff, then degraded with polling", "[hub][health][retry]") {
  Driver d(seed_002_config());
  d.start();
  d.open_ok();
  d.send(": hi\n\n");
  d.drop();
  CHECK(d.state() == HealthState::Recovering);
  CHECK(d.retry_in() == 1000);
  CHECK(d.hub.health().attempt == 1);
  CHECK_FALSE(d.hub.polling());

  d.advance(999);
  CHECK(d.opens.size() == 1);
  d.advance(1);
  REQUIRE(d.opens.size() == 2);
  d.respond(502);
  CHECK(d.state() == HealthState::Recovering);
  CHECK(d.retry_in() == 2000);

  d.advance(2000);
  d.drop();  // network error before any response
  CHECK(d.state() == HealthState::Degraded);
  CHECK(d.hub.health().attempt == 3);
  CHECK(d.hub.polling());
  CHECK(d.fallback_toggles == 1);
  CHECK(d.retry_in() == 4000);

  d.advance(4000);
  d.drop();
  CHECK(d.retry_in() == 8000);
  for (int i = 0; i < 6; ++i) {
    d.advance(d.retry_in());
    d.drop();
  }
  CHECK(d.retry_in() == 30000);    // capped
  CHECK(d.fallback_toggles == 1);  // still one toggle: degraded stays degraded

  d.advance(30000);
  d.open_ok();
  CHECK(d.state() == HealthState::Degraded);  // accepted, but not a word yet
  d.send("event: ping\ndata: {}\n\n");
  CHECK(d.state() == HealthState::Healthy);
  CHECK_FALSE(d.hub.polling());
  CHECK(d.fallback_toggles == 2);
  CHECK(d.count(TelemetryCode::FallbackOn) == 1);
  CHECK(d.count(TelemetryCode::FallbackOff) == 1);
  CHECK(d.hub.metrics().fallback_activations == 1);
}

TEST_CASE("seed 000: degraded past the threshold, retries continue at the capped rate",
          "[hub][health][retry]") {
  Config c = base_config();
  c.retry = {1000, 2.0, 30000, Jitter::Full, 3};
  Driver d(c);
  d.start();
  TimeMs last_open = d.now;
  std::vector<TimeMs> gaps;
  for (int i = 0; i < 40; ++i) {
    d.respond(503, "application/json", -1);
    const TimeMs wait = d.retry_in();
    CHECK(wait >= 1);
    CHECK(wait <= 30000);
    d.advance(wait);
    gaps.push_back(d.now - last_open);
    last_open = d.now;
    REQUIRE(d.conn != 0);
  }
  CHECK(d.state() == HealthState::Degraded);
  CHECK(d.hub.polling());
  CHECK(d.fallback_toggles == 1);
  // Full jitter over a 30 s cap: no tight loop, the average gap is near 15 s.
  double late = 0;
  for (std::size_t i = 10; i < gaps.size(); ++i) late += static_cast<double>(gaps[i]);
  late /= static_cast<double>(gaps.size() - 10);
  CHECK(late > 8000);
  CHECK(late < 22000);
}

TEST_CASE("the same seed gives the same schedule; another seed another", "[hub][retry]") {
  auto schedule = [](std::uint64_t seed) {
    Config c = base_config();
    c.seed = seed;
    Driver d(c);
    d.start();
    std::vector<TimeMs> out;
    for (int i = 0; i < 8; ++i) {
      d.respond(500);
      out.push_back(d.retry_in());
      d.advance(d.retry_in());
    }
    return out;
  };
  CHECK(schedule(7) == schedule(7));
  CHECK(schedule(7) != schedule(8));
}

TEST_CASE("server retry: and Retry-After are honoured", "[hub][retry]") {
  Config c = base_config();
  c.retry.jitter = Jitter::None;
  Driver d(c);
  d.start();
  d.open_ok();
  d.send("retry: 5000\n\n");
  d.drop(CloseReason::Eof);
  CHECK(d.retry_in() == 5000);  // the server's reconnection time replaces the initial delay

  d.advance(5000);
  d.respond(429, "application/json", 12000);
  CHECK(d.hub.health().reason == Reason::RateLimited);
  CHECK(d.retry_in() == 12000);
  d.advance(12000);
  d.respond(503, "application/json", 45000);
  CHECK(d.hub.health().reason == Reason::Unavailable);
  CHECK(d.retry_in() == 45000);  // at least Retry-After, even past the cap
}

TEST_CASE("5xx, network errors, EOF and a wrong content type back off", "[hub][retry]") {
  Driver d(base_config());
  d.start();
  d.respond(500);
  CHECK(d.hub.health().reason == Reason::HttpStatus);
  CHECK(d.count(EffectKind::Close) == 1);  // the refused response is closed
  d.advance(d.retry_in());
  d.respond(200, "text/html");
  CHECK(d.hub.health().reason == Reason::BadContentType);
  CHECK(d.hub.health().attempt == 2);
  d.advance(d.retry_in());
  d.drop(CloseReason::NetworkError);
  CHECK(d.hub.health().reason == Reason::NetworkError);
  CHECK(d.state() == HealthState::Degraded);
}

TEST_CASE("a stream that opens and drops before any frame does not reset the count",
          "[hub][retry]") {
  Config c = base_config();
  c.retry.jitter = Jitter::None;
  Driver d(c);
  d.start();
  for (int i = 0; i < 3; ++i) {
    d.open_ok();
    d.drop(CloseReason::Eof);
    d.advance(d.retry_in());
  }
  CHECK(d.hub.health().attempt == 3);
  CHECK(d.hub.polling());
  d.open_ok();
  d.send(": hb 15000\n\n");
  d.drop(CloseReason::Eof);
  CHECK(d.hub.health().attempt == 1);  // a frame arrived: that stream was a success
  CHECK(d.retry_in() == 1000);
}

TEST_CASE("401 asks for fresh credentials, retries once, then backs off", "[hub][auth]") {
  Config c = base_config();
  c.use_credentials = true;
  c.retry.jitter = Jitter::None;
  Driver d(c);
  d.start();
  CHECK(d.credentials_asked == 1);  // before every connect
  CHECK(d.opens.empty());
  d.apply(d.hub.credentials(d.now, "token-1"));
  REQUIRE(d.opens.size() == 1);
  CHECK(d.opens[0].text[2] == "token-1");
  d.respond(401, "application/json");
  CHECK(d.credentials_asked == 2);
  CHECK(d.hub.metrics().auth_failures == 1);
  d.apply(d.hub.credentials(d.now, "token-2"));
  REQUIRE(d.opens.size() == 2);
  CHECK(d.opens[1].text[2] == "token-2");
  d.respond(401, "application/json");
  CHECK(d.hub.health().reason == Reason::Unauthorized);
  CHECK(d.retry_in() == 1000);  // no second immediate retry
  CHECK(d.credentials_asked == 2);
  d.advance(1000);
  CHECK(d.credentials_asked == 3);
  d.apply(d.hub.credentials_failed(d.now));
  CHECK(d.hub.health().reason == Reason::CredentialsFailed);
  CHECK(d.retry_in() == 2000);
}

TEST_CASE("403 and 404 stop without a retry loop", "[hub][auth]") {
  for (std::uint32_t status : {403u, 404u}) {
    Driver d(base_config());
    d.start();
    d.respond(status, "application/json");
    CHECK(d.state() == HealthState::Degraded);
    CHECK(d.hub.health().reason == (status == 403 ? Reason::Forbidden : Reason::NotFound));
    CHECK(d.hub.health().http_status == status);
    CHECK(d.hub.health().next_retry_at == 0);
    CHECK(d.hub.polling());
    d.advance(3'600'000);
    CHECK(d.opens.size() == 1);
    CHECK(d.timer_at == 0);
  }
}

TEST_CASE("no bytes for heartbeat x factor + grace: stale, reconnect at once", "[hub][stale]") {
  SECTION("seed 002: 30 s ping, stale after 60 s") {
    Driver d(seed_002_config());
    d.start();
    d.open_ok();
    d.advance(30000);
    d.send("event: ping\ndata: {}\n\n");
    CHECK(d.hub.metrics().heartbeats == 1);
    CHECK(d.delivered.empty());
    d.advance(59999);
    CHECK(d.state() == HealthState::Healthy);
    CHECK(d.opens.size() == 1);
    d.advance(1);
    CHECK(d.hub.metrics().stale == 1);
    CHECK(d.count(TelemetryCode::Stale) == 1);
    CHECK(d.state() == HealthState::Degraded);
    CHECK(d.hub.health().reason == Reason::Stale);
    CHECK(d.hub.polling());
    CHECK(d.opens.size() == 2);  // reconnecting at once
    d.open_ok();
    d.send("event: ping\ndata: {}\n\n");
    CHECK(d.state() == HealthState::Healthy);
    CHECK_FALSE(d.hub.polling());
  }
  SECTION("seed 004: :heartbeat comments every 15 s keep it alive") {
    Config c = base_config();
    c.heartbeat.interval_ms = 15000;
    Driver d(c);
    d.start();
    d.open_ok();
    for (int i = 0; i < 20; ++i) {
      d.advance(15000);
      d.send(":heartbeat\n\n");
    }
    CHECK(d.state() == HealthState::Healthy);
    CHECK(d.opens.size() == 1);
    CHECK(d.hub.metrics().heartbeats == 20);
    d.advance(35000);
    CHECK(d.hub.metrics().stale == 1);
  }
  SECTION("hub.ready's heartbeatMs replaces the configured interval") {
    Driver d(base_config());
    d.start();
    d.open_ok();
    d.send(
        "event: hub.ready\ndata: {\"connectionId\":\"c1\",\"heartbeatMs\":1000,\"topics\":[]}\n\n");
    d.advance(1000 * 2 + 5000 - 1);
    CHECK(d.hub.metrics().stale == 0);
    d.advance(1);
    CHECK(d.hub.metrics().stale == 1);
  }
}

TEST_CASE("bytes arriving do not re-arm the timer per chunk", "[hub][stale]") {
  Driver d(base_config());
  d.start();
  d.open_ok();
  const std::size_t timers = d.count(EffectKind::Timer);
  for (int i = 0; i < 100; ++i) {
    d.advance(100);
    d.send(": x\n\n");
  }
  CHECK(d.count(EffectKind::Timer) == timers);
}

TEST_CASE("offline stops retrying; online reconnects at once", "[hub][network]") {
  Driver d(base_config());
  d.start();
  d.open_ok();
  d.send(": hb\n\n");
  d.apply(d.hub.network(d.now, false));
  CHECK(d.state() == HealthState::Degraded);
  CHECK(d.hub.health().reason == Reason::Offline);
  CHECK(d.conn == 0);  // the stream was closed
  d.advance(600000);
  CHECK(d.opens.size() == 1);
  d.apply(d.hub.network(d.now, true));
  CHECK(d.opens.size() == 2);
  CHECK(d.state() == HealthState::Degraded);  // until the stream is back
  d.open_ok();
  d.send("retry: 1000\n\n");
  CHECK(d.state() == HealthState::Healthy);
  CHECK(d.fallback_toggles == 2);
}

TEST_CASE("hidden pauses when configured; visible resumes or checks staleness; resume reconnects",
          "[hub][lifecycle]") {
  SECTION("pause when hidden") {
    Config c = base_config();
    c.pause_when_hidden = true;
    Driver d(c);
    d.start();
    d.open_ok();
    d.apply(d.hub.visibility(d.now, true));
    CHECK(d.conn == 0);
    CHECK(d.hub.health().reason == Reason::Paused);
    CHECK_FALSE(d.hub.polling());
    d.advance(600000);
    CHECK(d.opens.size() == 1);
    d.apply(d.hub.visibility(d.now, false));
    CHECK(d.opens.size() == 2);
  }
  SECTION("no pause: coming back to a stale stream reconnects") {
    Driver d(base_config());
    d.start();
    d.open_ok();
    d.apply(d.hub.frozen(d.now, true));
    d.now += 120000;  // frozen: no timer ran
    d.apply(d.hub.frozen(d.now, false));
    CHECK(d.hub.metrics().stale == 1);
    CHECK(d.opens.size() == 2);
  }
  SECTION("resumed after a freeze: the stream is not trusted, reconnect at once from the last id") {
    // Chromium stalls a frozen page's fetch stream for good, with no error after resume.
    Driver d(base_config());
    d.start();
    d.open_ok();
    d.send(envelope("a", 7));
    d.apply(d.hub.frozen(d.now, true));
    CHECK(d.opens.size() == 1);
    d.now += 2000;  // well short of stale
    d.apply(d.hub.frozen(d.now, false));
    CHECK(d.hub.metrics().stale == 0);
    REQUIRE(d.opens.size() == 2);
    CHECK(d.opens[1].text[1] == "7");
    CHECK(d.hub.health().reason == Reason::Resumed);
    CHECK(d.state() == HealthState::Recovering);
    d.open_ok();
    d.send(": hb\n\n");
    CHECK(d.state() == HealthState::Healthy);
    CHECK(d.fallback_toggles == 0);  // no polling for a resume
  }
  SECTION("resumed while reconnecting: nothing more") {
    Driver d(base_config());
    d.start();
    d.respond(500);
    d.apply(d.hub.frozen(d.now, true));
    d.apply(d.hub.frozen(d.now, false));
    CHECK(d.opens.size() == 1);  // the backoff timer decides
  }
  SECTION("no pause: a live stream is trusted") {
    Driver d(base_config());
    d.start();
    d.open_ok();
    d.apply(d.hub.visibility(d.now, true));
    d.advance(10000);
    d.send(": hb\n\n");
    d.apply(d.hub.visibility(d.now, false));
    CHECK(d.opens.size() == 1);
    CHECK(d.state() == HealthState::Healthy);
  }
}

TEST_CASE("a connect that never answers times out and backs off", "[hub][retry]") {
  Driver d(base_config());
  d.start();
  d.advance(20000);
  CHECK(d.hub.health().reason == Reason::ConnectTimeout);
  CHECK(d.count(EffectKind::Close) == 1);
  CHECK(d.conn == 0);
}

TEST_CASE("inputs for an old transport are ignored", "[hub][health]") {
  Driver d(base_config());
  d.start();
  const ConnId first = d.conn;
  d.respond(500);
  d.advance(d.retry_in());
  d.open_ok();
  d.apply(d.hub.closed(d.now, first, CloseReason::Eof));
  d.apply(d.hub.received(d.now, first, envelope("a", 1)));
  CHECK(d.state() == HealthState::Healthy);
  CHECK(d.hub.metrics().bytes == 0);
}

TEST_CASE("a JWT is refreshed before it expires; token_expired resumes at once", "[hub][auth]") {
  Config c = base_config();
  c.use_credentials = true;
  Driver d(c);
  const SubId sub = d.hub.subscribe({"a", ""});
  d.start();
  // {"sub":"u","exp":1060} (seconds): 60 s after the driver's clock (1000 s).
  const std::string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1IiwiZXhwIjoxMDYwfQ.sig";
  d.apply(d.hub.credentials(d.now, jwt));
  d.open_ok();
  d.send(envelope("a", 7));
  CHECK(d.credentials_asked == 1);
  d.advance(30000 - 1);
  CHECK(d.credentials_asked == 1);
  d.advance(1);  // 30 s before exp
  CHECK(d.credentials_asked == 2);
  d.apply(d.hub.credentials(d.now, "fresh"));
  CHECK(d.opens.size() == 1);  // the stream goes on
  d.send("event: hub.error\ndata: {\"code\":\"token_expired\"}\n\n" + envelope("a", 8));
  CHECK(d.delivered[sub].size() == 1);  // nothing after hub.error is trusted
  CHECK(d.hub.metrics().auth_failures == 1);
  CHECK(d.credentials_asked == 3);
  d.apply(d.hub.credentials(d.now, "fresher"));
  REQUIRE(d.opens.size() == 2);
  CHECK(d.opens[1].text[1] == "7");  // resumes from the last sequence
  CHECK(d.opens[1].text[2] == "fresher");
}

TEST_CASE("hub.error access_revoked stops like a 403", "[hub][auth]") {
  Driver d(base_config());
  d.start();
  d.open_ok();
  d.send("event: hub.error\ndata: {\"code\":\"access_revoked\"}\n\n");
  CHECK(d.state() == HealthState::Degraded);
  CHECK(d.hub.health().reason == Reason::Forbidden);
  CHECK(d.conn == 0);
  d.advance(600000);
  CHECK(d.opens.size() == 1);
}

TEST_CASE("disabled: nothing opens, fallbacks poll; stop closes everything", "[hub][health]") {
  Config c = base_config();
  c.enabled = false;
  Driver d(c);
  d.start();
  CHECK(d.state() == HealthState::Disabled);
  CHECK(d.hub.polling());
  CHECK(d.opens.empty());
  CHECK(d.timer_at == 0);
  d.stop();
  CHECK(d.state() == HealthState::Closed);
  CHECK_FALSE(d.hub.polling());

  Driver e(base_config());
  e.start();
  e.open_ok();
  e.stop();
  CHECK(e.conn == 0);
  CHECK(e.timer_at == 0);
  CHECK(e.state() == HealthState::Closed);
  e.start();
  CHECK(e.opens.size() == 2);
}

TEST_CASE("an expired token never spins the timer", "[hub][auth]") {
  Config c = base_config();
  c.use_credentials = true;
  Driver d(c);
  d.start();
  // exp = 1 s: long past on the driver's clock, so a refresh is due at once.
  d.apply(d.hub.credentials(d.now, "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.sig"));
  d.open_ok();
  d.send("event: hub.error\ndata: {\"code\":\"token_expired\"}\n\n");
  CHECK(d.credentials_asked == 2);  // reconnecting: waiting for the app's token
  d.advance(100);                   // the refresh timer must not fire again and again
  CHECK(d.credentials_asked == 2);
  d.apply(d.hub.credentials(d.now, "fresh"));
  CHECK(d.opens.size() == 2);
}

TEST_CASE("degraded: a server that accepts and hangs up does not flap polling", "[hub][health]") {
  Config c = base_config();
  c.retry.jitter = Jitter::None;
  Driver d(c);
  d.start();
  for (int i = 0; i < 3; ++i) {
    d.respond(503);
    d.advance(d.retry_in());
  }
  REQUIRE(d.state() == HealthState::Degraded);
  const int toggles = d.fallback_toggles;
  for (int i = 0; i < 5; ++i) {
    d.open_ok();
    d.drop(CloseReason::Eof);
    d.advance(d.retry_in());
  }
  CHECK(d.fallback_toggles == toggles);
  CHECK(d.hub.polling());
  CHECK(d.hub.health().attempt == 8);
}

TEST_CASE("hub.error after the preamble is a failed attempt, not a success", "[hub][retry]") {
  Config c = base_config();
  c.retry.jitter = Jitter::None;
  Driver d(c);
  d.start();
  for (int i = 0; i < 4; ++i) {
    d.open_ok();
    d.send(
        "retry: 1000\nevent: hub.ready\ndata: {\"heartbeatMs\":15000}\n\n"
        "event: hub.error\ndata: {\"code\":\"internal\"}\n\n");
    d.advance(d.retry_in());
  }
  CHECK(d.hub.health().attempt == 4);
  CHECK(d.state() == HealthState::Degraded);
  CHECK(d.hub.polling());
}

TEST_CASE("token_expired at once on every stream: one immediate retry, then backoff",
          "[hub][auth]") {
  Config c = base_config();
  c.use_credentials = true;
  c.retry.jitter = Jitter::None;
  Driver d(c);
  d.start();
  const std::string expired = "event: hub.error\ndata: {\"code\":\"token_expired\"}\n\n";
  d.apply(d.hub.credentials(d.now, "t1"));
  d.open_ok();
  d.send(expired);
  CHECK(d.hub.health().next_retry_at == 0);  // the first: reconnect now
  d.apply(d.hub.credentials(d.now, "t2"));
  d.open_ok();
  d.send(expired);
  CHECK(d.retry_in() == 1000);  // refused again at once: back off
  d.advance(1000);
  d.apply(d.hub.credentials(d.now, "t3"));
  d.open_ok();
  d.send(expired);
  CHECK(d.retry_in() == 2000);
}

TEST_CASE("start() after a 403 tries again", "[hub][auth]") {
  Driver d(base_config());
  d.start();
  d.respond(403, "application/json");
  REQUIRE(d.hub.health().reason == Reason::Forbidden);
  d.start();
  CHECK(d.opens.size() == 2);
  CHECK(d.state() == HealthState::Connecting);
}

TEST_CASE("an already expired JWT is not refreshed by a timer in a loop", "[hub][auth]") {
  Config c = base_config();
  c.use_credentials = true;
  Driver d(c);
  d.start();
  d.respond(500);  // backing off
  d.apply(d.hub.credentials(d.now, "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.sig"));
  const int asked = d.credentials_asked;
  d.advance(100);
  CHECK(d.credentials_asked == asked);
}
