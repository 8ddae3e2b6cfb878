#include <catch2/catch.hpp>
#include <map>

#include "app/config.hpp"
#include "net/static_files.hpp"

using hubd::Config;
using hubd::ParseOutcome;

namespace {

hubd::ParseResult parse(std::vector<const char*> args, std::map<std::string, std::string> env,
                        Config& c) {
  args.insert(args.begin(), "hubd");
  return hubd::parse_config(
      static_cast<int>(args.size()), args.data(),
      [&env](const char* name) -> const char* {
        auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
      },
      c);
}

}  // namespace

TEST_CASE("defaults, flags, env vars; flags win", "[config]") {
  Config c;
  REQUIRE(parse({}, {}, c).outcome == ParseOutcome::Run);
  CHECK(c.bind == "127.0.0.1");
  CHECK_FALSE(c.enable_event_stream);
  CHECK(c.heartbeat_interval == 15000);

  Config d;
  auto r = parse({"--port", "0", "--heartbeat-interval=250", "--enable-event-stream"},
                 {{"PORT", "9999"},
                  {"MAX_CONNECTIONS_PER_USER", "3"},
                  {"CORS_ORIGIN", "http://a.test,http://b.test"},
                  {"ENABLE_EVENT_STREAM", "false"}},
                 d);
  REQUIRE(r.outcome == ParseOutcome::Run);
  CHECK(d.port == 0);
  CHECK(d.heartbeat_interval == 250);
  CHECK(d.enable_event_stream);
  CHECK(d.max_connections_per_user == 3);
  CHECK(d.cors_origins == std::vector<std::string>{"http://a.test", "http://b.test"});
}

TEST_CASE("bad values are precise errors", "[config]") {
  Config c;
  CHECK(parse({"--port", "70000"}, {}, c).message.find("--port") != std::string::npos);
  CHECK(parse({"--port"}, {}, c).outcome == ParseOutcome::Error);
  CHECK(parse({"--nope"}, {}, c).message.find("unknown option") != std::string::npos);
  CHECK(parse({}, {{"HEARTBEAT_INTERVAL", "soon"}}, c).message.find("HEARTBEAT_INTERVAL") !=
        std::string::npos);
  CHECK(parse({"--enable-event-stream=maybe"}, {}, c).outcome == ParseOutcome::Error);
  CHECK(parse({"--bind", "not-an-ip"}, {}, c).outcome == ParseOutcome::Error);
  CHECK(parse({"--jwt-secret", "short"}, {}, c).outcome == ParseOutcome::Error);
}

TEST_CASE("test mode is refused unless bound to loopback", "[config]") {
  Config c;
  CHECK(parse({"--test-mode"}, {}, c).outcome == ParseOutcome::Run);
  Config d;
  CHECK(parse({"--test-mode", "--bind", "0.0.0.0"}, {}, d).outcome == ParseOutcome::Error);
  Config e;
  CHECK(parse({"--bind", "::1"}, {{"HUBD_TEST_MODE", "1"}}, e).outcome == ParseOutcome::Run);
}

TEST_CASE("--help lists every setting with its variable", "[config]") {
  Config c;
  auto r = parse({"--help"}, {}, c);
  REQUIRE(r.outcome == ParseOutcome::Help);
  for (const char* s :
       {"--port", "PORT", "--enable-event-stream", "ENABLE_EVENT_STREAM", "HEARTBEAT_INTERVAL",
        "MAX_CONNECTIONS_PER_USER", "CORS_ORIGIN", "JWT_SECRET", "--jwt-public-key",
        "--replay-count", "--replay-age", "--send-queue-bytes", "--publisher-token", "--test-mode",
        "--max-connections", "--static-root", "--data"}) {
    CHECK(r.message.find(s) != std::string::npos);
  }
}

TEST_CASE("mime types", "[static]") {
  CHECK(hubd::mime_type("/a/hub.wasm") == "application/wasm");
  CHECK(hubd::mime_type("index.html") == "text/html; charset=utf-8");
  CHECK(hubd::mime_type("x.mjs") == "text/javascript; charset=utf-8");
  CHECK(hubd::mime_type("a.d/noext") == "application/octet-stream");
}
