// Every hubd setting, from command-line flags and environment variables (flags win).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hubd {

struct Config {
  std::string bind = "127.0.0.1";
  std::int64_t port = 8080;
  std::string static_root;
  std::string data_file;
  std::string jwt_secret;
  std::string jwt_public_key;  // PEM file path
  std::string jwt_issuer;
  std::string jwt_audience;
  std::int64_t jwt_leeway = 0;  // seconds
  std::string session_secret;   // empty: random per process
  std::int64_t session_ttl = 8 * 3600;
  bool dev_login = false;
  bool enable_event_stream = false;
  std::int64_t heartbeat_interval = 15000;  // ms
  std::int64_t retry_ms = 1000;             // the stream's `retry:` hint
  std::int64_t max_connections_per_user = 8;
  std::int64_t max_connections = 10000;
  double connect_rate = 10;  // new streams per user per second, sustained
  std::int64_t connect_burst = 30;
  std::int64_t replay_count = 1000;
  std::int64_t replay_age = 300000;  // ms
  std::int64_t replay_bytes = 4 << 20;
  std::int64_t latest_per_topic = 10000;
  std::int64_t latest_bytes = 64 << 20;
  std::int64_t send_queue_bytes = 1 << 20;
  std::int64_t max_payload_bytes = 64 * 1024;
  std::int64_t max_header_bytes = 8 * 1024;
  std::int64_t request_timeout = 30000;  // ms, non-stream requests
  std::int64_t drain_timeout = 5000;     // ms
  std::vector<std::string> cors_origins;
  std::string publisher_token;
  bool test_mode = false;
  // The seed products' backends.
  std::int64_t gate_stage_ms = 700;
  std::int64_t ping_interval = 30000;
  std::int64_t metrics_interval = 10000;
  std::int64_t system_interval = 30000;
  std::int64_t max_dashboard_streams = 500;
  std::int64_t debate_turn_ms = 1500;
  double chat_rate = 5;  // messages per user per second, sustained
  bool demo_generators = false;
};

enum class ParseOutcome { Run, Help, Error };

struct ParseResult {
  ParseOutcome outcome = ParseOutcome::Run;
  std::string message;  // the help text, or the error
};

using EnvLookup = std::function<const char*(const char*)>;

ParseResult parse_config(int argc, const char* const* argv, const EnvLookup& env, Config& out);

std::string help_text();

}  // namespace hubd
