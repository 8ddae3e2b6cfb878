// The hub core: one SSE stream shared by every subscriber on a page, as a sans-I/O state
// machine. Every input carries the current time; every decision comes out as effects in a
// batch that the caller (js/, or a test) performs. No clock, socket or random source of
// its own: the same Config and the same inputs give the same effects.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ssehub {

using TimeMs = std::int64_t;  // milliseconds on the caller's monotonic or wall clock
using SubId = std::uint32_t;
using ConnId = std::uint32_t;

enum class HealthState : std::uint8_t {
  Closed,      // not started, or stopped
  Connecting,  // first connection of this start
  Healthy,     // stream open
  Recovering,  // reconnecting after a drop, below the retry threshold
  Degraded,    // past the retry threshold, stale, offline, or refused (403/404)
  Disabled,    // the hub is switched off by configuration: fallbacks poll
};
inline constexpr std::string_view kHealthStateNames[] = {"closed",     "connecting", "healthy",
                                                         "recovering", "degraded",   "disabled"};
constexpr std::string_view to_string(HealthState state) {
  return kHealthStateNames[static_cast<int>(state)];
}

// Why the hub is in its state; the last transition's cause.
enum class Reason : std::uint8_t {
  None,
  Started,
  Opened,
  Eof,                // the server ended the stream
  NetworkError,       // the transport failed
  ConnectTimeout,     // no response in time
  Stale,              // no bytes for heartbeat × factor + grace
  HttpStatus,         // 5xx, unexpected status
  BadContentType,     // 200 without text/event-stream
  Unauthorized,       // 401
  Forbidden,          // 403, or hub.error access_revoked
  NotFound,           // 404
  RateLimited,        // 429
  Unavailable,        // 503
  TokenExpired,       // hub.error token_expired
  ServerError,        // another hub.error code
  CredentialsFailed,  // the app could not provide credentials
  Offline,
  Online,
  Paused,  // hidden with pause_when_hidden
  Resumed,
  Stopped,
  Disabled,
};
inline constexpr std::string_view kReasonNames[] = {"none",
                                                    "started",
                                                    "opened",
                                                    "eof",
                                                    "network_error",
                                                    "connect_timeout",
                                                    "stale",
                                                    "http_status",
                                                    "bad_content_type",
                                                    "unauthorized",
                                                    "forbidden",
                                                    "not_found",
                                                    "rate_limited",
                                                    "unavailable",
                                                    "token_expired",
                                                    "server_error",
                                                    "credentials_failed",
                                                    "offline",
                                                    "online",
                                                    "paused",
                                                    "resumed",
                                                    "stopped",
                                                    "disabled"};
constexpr std::string_view to_string(Reason reason) {
  return kReasonNames[static_cast<int>(reason)];
}

enum class Jitter : std::uint8_t { Full, Equal, Decorrelated, None };
enum class Protocol : std::uint8_t {
  Envelope,  // hub protocol v1: data = {topic, resourceId, payload, sequence, emittedAt}
  Plain,     // any SSE server: event type = topic, data = payload, opaque string ids
};

struct RetryConfig {
  TimeMs initial_ms = 1000;
  double factor = 2.0;
  TimeMs max_ms = 30000;
  Jitter jitter = Jitter::Full;
  std::uint32_t attempts_before_degraded = 3;  // consecutive failed attempts
};

struct HeartbeatConfig {
  TimeMs interval_ms = 15000;  // expected; hub.ready's heartbeatMs overrides it
  double stale_factor = 2.0;   // stale after interval × factor + grace without a byte
  TimeMs grace_ms = 5000;
  // Named events that only prove liveness and are never delivered. Comments always do.
  std::vector<std::string> event_names = {"ping", "heartbeat"};
};

struct Config {
  std::string url;                                         // stream endpoint
  std::vector<std::pair<std::string, std::string>> scope;  // query parameters, in order
  Protocol protocol = Protocol::Envelope;
  RetryConfig retry;
  HeartbeatConfig heartbeat;
  bool enabled = true;
  bool use_credentials = false;             // ask for a token before every connect (bearer auth)
  TimeMs refresh_before_expiry_ms = 30000;  // ask again this long before a JWT's exp
  TimeMs connect_timeout_ms = 20000;
  bool pause_when_hidden = false;
  std::size_t max_frame_bytes = std::size_t{1} << 20;
  // For transports that cannot send headers (EventSource): the query parameter that
  // carries the resume id. Empty: only the Last-Event-ID field of the open effect.
  std::string last_event_id_query;
  std::uint64_t seed = 0x5eed;  // jitter generator
};

struct Health {
  HealthState state = HealthState::Closed;
  Reason reason = Reason::None;
  TimeMs since = 0;
  std::uint32_t attempt = 0;      // consecutive failed attempts
  TimeMs next_retry_at = 0;       // 0: no retry scheduled
  TimeMs last_event_at = 0;       // last byte of a stream, 0: none yet
  std::uint32_t http_status = 0;  // of the last refusal
};

// Counters since construction.
struct Metrics {
  std::uint64_t connects = 0;       // Open effects
  std::uint64_t opens = 0;          // streams that opened (200, event-stream)
  std::uint64_t reconnects = 0;     // opens after the first
  std::uint64_t disconnects = 0;    // healthy streams that ended
  std::uint64_t auth_failures = 0;  // 401, 403, token expiry, access revoked
  std::uint64_t fallback_activations = 0;
  std::uint64_t events = 0;      // events delivered (once, whatever the subscribers)
  std::uint64_t deliveries = 0;  // event × subscription
  std::uint64_t duplicates = 0;  // dropped: sequence already seen for the topic
  std::uint64_t snapshots = 0;
  std::uint64_t bad_frames = 0;  // oversize frames, bad JSON, malformed envelopes
  std::uint64_t heartbeats = 0;
  std::uint64_t stale = 0;
  std::uint64_t bytes = 0;
};

// A topic filter: "a.b" exactly, "a.*" (every topic starting "a."), or "*".
// An empty resource id matches every resource.
struct Filter {
  std::string topic;
  std::string resource_id;
};
bool valid_filter(std::string_view topic);

enum class EffectKind : std::uint8_t {
  Open = 1,         // conn, text0 = url, text1 = Last-Event-ID ("" none), text2 = token
  Close,            // conn
  Timer,            // time = when to call timer(); 0 = cancel
  Deliver,          // subs, text0 = topic, text1 = resource id, text2 = payload,
                    // text3 = id, number = sequence (0 in plain mode), time = emittedAt,
                    // flag = payload is JSON
  Snapshot,         // subs, text0 = topic, text1 = items (JSON array of envelopes),
                    // number = sequence it is current to
  Health,           // the new Health is in hub.health()
  Fallback,         // flag = polling on
  NeedCredentials,  // reason; answer with credentials() or credentials_failed()
  Telemetry,        // code, number, text0 = detail
};

enum class TelemetryCode : std::uint8_t {
  Connect = 1,  // number = attempt
  Disconnect,   // reason
  AuthFailure,  // number = HTTP status or 0 for hub.error
  FallbackOn,
  FallbackOff,
  BadFrame,         // text0 = what was wrong
  Duplicate,        // number = sequence
  Gap,              // text0 = topic, number = sequence the snapshot is current to
  SnapshotApplied,  // text0 = topic
  Refused,          // number = HTTP status
  Stale,
};
inline constexpr std::string_view kTelemetryCodeNames[] = {
    "",          "connect",   "disconnect", "auth_failure", "fallback_on", "fallback_off",
    "bad_frame", "duplicate", "gap",        "snapshot",     "refused",     "stale"};
constexpr std::string_view to_string(TelemetryCode code) {
  return kTelemetryCodeNames[static_cast<int>(code)];
}

struct TextRef {
  std::uint32_t offset = 0;  // bytes into EffectBatch::text()
  std::uint32_t size = 0;
};

struct Effect {
  EffectKind kind;
  bool flag = false;
  Reason reason = Reason::None;
  TelemetryCode code{};
  ConnId conn = 0;
  double number = 0;
  TimeMs time = 0;
  std::uint32_t subs_offset = 0;  // into EffectBatch::subs()
  std::uint32_t subs_count = 0;
  TextRef text[4];
};

// The effects of one input, in order. Storage is reused from call to call.
class EffectBatch {
 public:
  const std::vector<Effect>& effects() const { return effects_; }
  std::size_t size() const { return effects_.size(); }
  const Effect& operator[](std::size_t i) const { return effects_[i]; }
  std::string_view str(TextRef ref) const { return {text_.data() + ref.offset, ref.size}; }
  std::string_view str(const Effect& e, int field) const { return str(e.text[field]); }
  const std::string& text() const { return text_; }
  const std::vector<SubId>& subs() const { return subs_; }
  const SubId* subs_of(const Effect& e) const { return subs_.data() + e.subs_offset; }

  void clear();
  Effect& push(EffectKind kind);
  TextRef add_text(std::string_view s);
  void add_sub(Effect& e, SubId id);

 private:
  std::vector<Effect> effects_;
  std::string text_;
  std::vector<SubId> subs_;
};

enum class CloseReason : std::uint8_t { Eof, NetworkError };

class Hub {
 public:
  explicit Hub(Config config);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Each input clears the batch, decides, and returns the effects to perform in order.
  const EffectBatch& start(TimeMs now);
  const EffectBatch& stop(TimeMs now);
  // Subscriptions: the id is for unsubscribe() and Deliver/Snapshot effects. An invalid
  // filter returns 0.
  SubId subscribe(const Filter& filter);
  void unsubscribe(SubId id);

  const EffectBatch& opened(TimeMs now, ConnId conn, std::uint32_t status,
                            std::string_view content_type, TimeMs retry_after_ms);
  const EffectBatch& received(TimeMs now, ConnId conn, std::string_view bytes);
  const EffectBatch& closed(TimeMs now, ConnId conn, CloseReason reason);
  const EffectBatch& timer(TimeMs now);
  const EffectBatch& visibility(TimeMs now, bool hidden);
  const EffectBatch& frozen(TimeMs now, bool frozen);
  const EffectBatch& network(TimeMs now, bool online);
  const EffectBatch& credentials(TimeMs now, std::string_view token);
  const EffectBatch& credentials_failed(TimeMs now);

  const Health& health() const;
  const Metrics& metrics() const;
  const Config& config() const;
  // The id a reconnect resumes from: the last sequence (envelope) or event id (plain).
  std::string last_event_id() const;
  bool polling() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ssehub
