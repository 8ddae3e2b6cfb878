#include "app/config.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <limits>
#include <sstream>

namespace hubd {
namespace {

enum class Kind { Text, Int, Number, Flag, List };

struct Option {
  const char* flag;
  const char* env;
  Kind kind;
  const char* help;
  std::function<void*(Config&)> field;
  std::int64_t min = 0;
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
};

template <typename T, T Config::*M>
void* at(Config& c) {
  return &(c.*M);
}

const std::vector<Option>& options() {
  using K = Kind;
  static const std::vector<Option> table = {
      {"--bind", "BIND", K::Text, "address to listen on (default 127.0.0.1)",
       at<std::string, &Config::bind>},
      {"--port", "PORT", K::Int, "TCP port, 0 = ephemeral (default 8080)",
       at<std::int64_t, &Config::port>, 0, 65535},
      {"--static-root", "STATIC_ROOT", K::Text, "directory served for non-API paths",
       at<std::string, &Config::static_root>},
      {"--data", "HUBD_DATA", K::Text,
       "authorization model JSON (workspaces, users, roles, topics, projects)",
       at<std::string, &Config::data_file>},
      {"--jwt-secret", "JWT_SECRET", K::Text, "HS256 shared secret",
       at<std::string, &Config::jwt_secret>},
      {"--jwt-public-key", "JWT_PUBLIC_KEY", K::Text, "RS256 public key, PEM file path",
       at<std::string, &Config::jwt_public_key>},
      {"--jwt-issuer", "JWT_ISSUER", K::Text, "required `iss` claim (default: not checked)",
       at<std::string, &Config::jwt_issuer>},
      {"--jwt-audience", "JWT_AUDIENCE", K::Text, "required `aud` claim (default: not checked)",
       at<std::string, &Config::jwt_audience>},
      {"--jwt-leeway", "JWT_LEEWAY", K::Int, "clock skew allowed on exp/nbf, seconds (default 0)",
       at<std::int64_t, &Config::jwt_leeway>, 0, 3600},
      {"--session-secret", "SESSION_SECRET", K::Text,
       "key signing session cookies (default: random per process)",
       at<std::string, &Config::session_secret>},
      {"--session-ttl", "SESSION_TTL", K::Int, "session cookie lifetime, seconds (default 28800)",
       at<std::int64_t, &Config::session_ttl>, 1, 30 * 86400},
      {"--dev-login", "DEV_LOGIN", K::Flag, "enable POST /api/v1/session for data-file users",
       at<bool, &Config::dev_login>},
      {"--enable-event-stream", "ENABLE_EVENT_STREAM", K::Flag,
       "serve GET /api/v1/events (default off: 404)", at<bool, &Config::enable_event_stream>},
      {"--heartbeat-interval", "HEARTBEAT_INTERVAL", K::Int,
       "idle time before a `: hb` comment, ms (default 15000)",
       at<std::int64_t, &Config::heartbeat_interval>, 10, 3'600'000},
      {"--retry", "RETRY_MS", K::Int, "`retry:` hint sent to clients, ms (default 1000)",
       at<std::int64_t, &Config::retry_ms>, 0, 3'600'000},
      {"--max-connections-per-user", "MAX_CONNECTIONS_PER_USER", K::Int,
       "open streams per user, then 429 (default 8)",
       at<std::int64_t, &Config::max_connections_per_user>, 1, 1'000'000},
      {"--max-connections", "MAX_CONNECTIONS", K::Int,
       "open streams in total, then 503 (default 10000)",
       at<std::int64_t, &Config::max_connections>, 1, 10'000'000},
      {"--connect-rate", "CONNECT_RATE", K::Number,
       "new streams per user per second, sustained (default 10)",
       at<double, &Config::connect_rate>},
      {"--connect-burst", "CONNECT_BURST", K::Int, "new streams per user in a burst (default 30)",
       at<std::int64_t, &Config::connect_burst>, 1, 1'000'000},
      {"--replay-count", "REPLAY_COUNT", K::Int,
       "events kept per topic for Last-Event-ID (default 1000)",
       at<std::int64_t, &Config::replay_count>, 1, 10'000'000},
      {"--replay-age", "REPLAY_AGE", K::Int, "age limit of kept events, ms (default 300000)",
       at<std::int64_t, &Config::replay_age>, 1, std::numeric_limits<std::int64_t>::max() / 2},
      {"--replay-bytes", "REPLAY_BYTES", K::Int,
       "bytes of events kept per topic for Last-Event-ID (default 4 MiB)",
       at<std::int64_t, &Config::replay_bytes>, 1024, 1LL << 40},
      {"--latest-per-topic", "LATEST_PER_TOPIC", K::Int,
       "latest values kept per topic for snapshots, least recent evicted (default 10000)",
       at<std::int64_t, &Config::latest_per_topic>, 1, 100'000'000},
      {"--latest-bytes", "LATEST_BYTES", K::Int,
       "bytes of latest values kept for snapshots, all topics (default 64 MiB)",
       at<std::int64_t, &Config::latest_bytes>, 1024, 1LL << 40},
      {"--send-queue-bytes", "SEND_QUEUE_BYTES", K::Int,
       "unsent bytes per stream before it is dropped as slow (default 1 MiB)",
       at<std::int64_t, &Config::send_queue_bytes>, 1024, 1LL << 32},
      {"--max-payload-bytes", "MAX_PAYLOAD_BYTES", K::Int, "largest publish body (default 65536)",
       at<std::int64_t, &Config::max_payload_bytes>, 64, 1LL << 26},
      {"--max-header-bytes", "MAX_HEADER_BYTES", K::Int,
       "largest request header block (default 8192)", at<std::int64_t, &Config::max_header_bytes>,
       512, 1 << 20},
      {"--request-timeout", "REQUEST_TIMEOUT", K::Int,
       "idle limit of non-stream requests, ms (default 30000)",
       at<std::int64_t, &Config::request_timeout>, 100, 3'600'000},
      {"--drain-timeout", "DRAIN_TIMEOUT", K::Int,
       "SIGTERM: longest wait for streams to close, ms (default 5000)",
       at<std::int64_t, &Config::drain_timeout>, 0, 600'000},
      {"--cors-origin", "CORS_ORIGIN", K::List,
       "allowed origins, comma-separated (credentials allowed)",
       at<std::vector<std::string>, &Config::cors_origins>},
      {"--publisher-token", "PUBLISHER_TOKEN", K::Text,
       "bearer token for POST /api/v1/publish (unset: publish disabled)",
       at<std::string, &Config::publisher_token>},
      {"--test-mode", "HUBD_TEST_MODE", K::Flag,
       "fault injection and token endpoints; loopback bind only", at<bool, &Config::test_mode>},
      {"--gate-stage-ms", "GATE_STAGE_MS", K::Int,
       "time each quality gate stage takes, ms (default 700)",
       at<std::int64_t, &Config::gate_stage_ms>, 0, 600'000},
      {"--ping-interval", "PING_INTERVAL", K::Int,
       "`event: ping` period of /api/activity/stream, ms (default 30000)",
       at<std::int64_t, &Config::ping_interval>, 10, 3'600'000},
      {"--metrics-interval", "METRICS_INTERVAL", K::Int,
       "dashboard `metrics` event period, ms (default 10000)",
       at<std::int64_t, &Config::metrics_interval>, 10, 60'000},
      {"--system-interval", "SYSTEM_INTERVAL", K::Int,
       "chat `chat.system` health event period, ms (default 30000)",
       at<std::int64_t, &Config::system_interval>, 10, 3'600'000},
      {"--max-dashboard-streams", "MAX_DASHBOARD_STREAMS", K::Int,
       "open /api/v2 dashboard streams, then 503 (default 500)",
       at<std::int64_t, &Config::max_dashboard_streams>, 1, 1'000'000},
      {"--debate-turn-ms", "DEBATE_TURN_MS", K::Int,
       "time between a simulated debate's utterances, ms (default 1500)",
       at<std::int64_t, &Config::debate_turn_ms>, 0, 600'000},
      {"--chat-rate", "CHAT_RATE", K::Number,
       "chat messages per user per second, sustained; burst 10 (default 5)",
       at<double, &Config::chat_rate>},
      {"--demo-generators", "DEMO_GENERATORS", K::Flag,
       "add a dashboard item every few seconds (demo mode)", at<bool, &Config::demo_generators>},
  };
  return table;
}

bool parse_bool(std::string_view v, bool& out) {
  if (v == "1" || v == "true" || v == "yes" || v == "on") return out = true, true;
  if (v == "0" || v == "false" || v == "no" || v == "off" || v.empty()) return out = false, true;
  return false;
}

std::string assign(const Option& o, Config& c, std::string_view value) {
  void* field = o.field(c);
  switch (o.kind) {
    case Kind::Text:
      *static_cast<std::string*>(field) = value;
      return {};
    case Kind::Flag:
      return parse_bool(value, *static_cast<bool*>(field)) ? "" : "expects true or false";
    case Kind::List: {
      auto& list = *static_cast<std::vector<std::string>*>(field);
      list.clear();
      std::stringstream in{std::string(value)};
      for (std::string item; std::getline(in, item, ',');) {
        if (!item.empty()) list.push_back(item);
      }
      return {};
    }
    case Kind::Number: {
      try {
        std::size_t used = 0;
        const double d = std::stod(std::string(value), &used);
        if (used != value.size() || !(d > 0) || d > 1e6) return "expects a positive number";
        *static_cast<double*>(field) = d;
        return {};
      } catch (const std::exception&) {
        return "expects a positive number";
      }
    }
    case Kind::Int: {
      std::int64_t v = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc{} || end != value.data() + value.size() || v < o.min || v > o.max) {
        return "expects an integer in [" + std::to_string(o.min) + ", " + std::to_string(o.max) +
               "]";
      }
      *static_cast<std::int64_t*>(field) = v;
      return {};
    }
  }
  return "unsupported option";
}

}  // namespace

std::string help_text() {
  std::ostringstream out;
  out << "hubd: the sse-hub reference Server-Sent Events hub\n\n"
         "usage: hubd [options]   (every option also reads the environment variable shown;\n"
         "                          a flag given on the command line wins)\n\n";
  for (const auto& o : options()) {
    std::string left = std::string("  ") + o.flag + (o.kind == Kind::Flag ? "" : " <v>");
    left.resize(std::max<std::size_t>(left.size() + 1, 34), ' ');
    out << left << o.help << "  [" << o.env << "]\n";
  }
  out << "  --help                          this text\n";
  return out.str();
}

ParseResult parse_config(int argc, const char* const* argv, const EnvLookup& env, Config& out) {
  for (const auto& o : options()) {
    const char* value = env(o.env);
    if (!value) continue;
    if (auto err = assign(o, out, value); !err.empty()) {
      return {ParseOutcome::Error, std::string(o.env) + ": " + err};
    }
  }
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return {ParseOutcome::Help, help_text()};
    std::string_view inline_value;
    bool has_inline = false;
    if (auto eq = arg.find('='); eq != std::string_view::npos) {
      inline_value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_inline = true;
    }
    const Option* match = nullptr;
    for (const auto& o : options()) {
      if (arg == o.flag) match = &o;
    }
    if (!match)
      return {ParseOutcome::Error, "unknown option " + std::string(arg) + " (see --help)"};
    std::string_view value = inline_value;
    if (!has_inline) {
      if (match->kind == Kind::Flag) {
        value = "true";
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        return {ParseOutcome::Error, std::string(arg) + " needs a value"};
      }
    }
    if (auto err = assign(*match, out, value); !err.empty()) {
      return {ParseOutcome::Error, std::string(arg) + ": " + err};
    }
  }
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(out.bind, ec);
  if (ec) return {ParseOutcome::Error, "--bind: not an IP address: " + out.bind};
  if (out.test_mode && !address.is_loopback()) {
    return {ParseOutcome::Error, "--test-mode is refused unless --bind is a loopback address"};
  }
  if (!out.jwt_secret.empty() && out.jwt_secret.size() < 16) {
    return {ParseOutcome::Error, "--jwt-secret: use at least 16 bytes"};
  }
  return {ParseOutcome::Run, {}};
}

}  // namespace hubd
