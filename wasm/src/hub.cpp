// The hub's state machine: phases and attempts of the connection, health and the polling
// fallback, the one timer, credentials. The stream's frames are read here; Router decides
// who gets an event and Sequences whether it is new.
#include "ssehub/hub.hpp"

#include <algorithm>
#include <cctype>

#include "cold.hpp"
#include "router.hpp"
#include "sequences.hpp"
#include "ssehub/backoff.hpp"
#include "ssehub/json_scan.hpp"
#include "ssehub/parser.hpp"
#include "token.hpp"

namespace ssehub {

void EffectBatch::clear() {
  effects_.clear();
  text_.clear();
  subs_.clear();
}

Effect& EffectBatch::push(EffectKind kind) {
  Effect& e = effects_.emplace_back();
  e.kind = kind;
  e.subs_offset = static_cast<std::uint32_t>(subs_.size());
  return e;
}

TextRef EffectBatch::add_text(std::string_view s) {
  const TextRef ref{static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(s.size())};
  text_.append(s);
  return ref;
}

void EffectBatch::add_sub(Effect& e, SubId id) {
  subs_.push_back(id);
  ++e.subs_count;
}

namespace {

// Where the connection is; Health is what the user sees of it.
enum class Phase : std::uint8_t {
  Idle,         // not started, disabled, or stopped
  Credentials,  // waiting for the app's token before opening
  Opening,      // Open sent, no response yet
  Open,         // streaming
  Waiting,      // backing off until retry_at
  Refused,      // 403/404/access revoked: no retry until start() again
  Offline,      // no retries until the network is back
  Paused,       // hidden with pause_when_hidden
};

// A hub.error the stream sent. The attempt ends once the parser returns, since a handler
// must not re-enter it; until then the rest of the chunk is ignored.
enum class StreamError : std::uint8_t { None, TokenExpired, Revoked, Other };

// One connection attempt, from asking for credentials (or opening) to its end. Reset as a
// whole when the next attempt starts, so nothing of one stream leaks into the next.
struct Attempt {
  ConnId conn = 0;          // the transport; 0 while there is none
  TimeMs deadline = 0;      // for the credentials, then for the response
  TimeMs opened_at = 0;     // when the stream opened
  TimeMs last_byte_at = 0;  // staleness counts from here
  bool framed = false;      // a frame arrived: the server is there
  bool proved = false;      // ... and an event or heartbeat: the stream works
  StreamError error = StreamError::None;
};

// An event of the hub protocol: data = {topic, resourceId, payload, sequence, emittedAt}.
// A plain-mode event fills only topic (its type) and payload (its data).
struct Envelope {
  std::string_view topic;
  std::string_view resource_id;
  std::string_view payload = "null";
  std::uint64_t sequence = 0;
  double emitted_at = 0;
};

// Reused buffers for text that must be decoded (escapes) or built (a snapshot's items for
// one resource); each is valid until the next frame.
struct Scratch {
  std::string key, topic, resource, code, items;
};

bool is_event_stream(std::string_view content_type) {
  const auto semi = content_type.find(';');
  std::string_view mime = content_type.substr(0, semi);
  while (!mime.empty() && mime.back() == ' ') mime.remove_suffix(1);
  while (!mime.empty() && mime.front() == ' ') mime.remove_prefix(1);
  if (mime.size() != 17) return false;
  static constexpr std::string_view kMime = "text/event-stream";
  for (std::size_t i = 0; i < mime.size(); ++i) {
    if (static_cast<char>(std::tolower(static_cast<unsigned char>(mime[i]))) != kMime[i]) {
      return false;
    }
  }
  return true;
}

// What is wrong with an envelope's data, "" when `out` holds a well-formed one. Plain
// views and flags rather than std::optional members: GCC spilled those byte by byte and
// reloaded them whole, a store-forwarding stall per member (5% of BM_HubDeliver/1).
std::string_view read_envelope(std::string_view data, Scratch& scratch, Envelope& out) {
  bool has_topic = false, has_sequence = false;
  const bool ok = json::for_each_member(data, [&](std::string_view key, std::string_view value) {
    const std::string_view name = json::key_name(key, scratch.key);
    if (bytes::equal(name, "topic")) {
      const auto topic = json::string_value(value, scratch.topic);
      has_topic = topic && !topic->empty();
      if (has_topic) out.topic = *topic;
    } else if (bytes::equal(name, "resourceId")) {
      if (value == "null") {
        out.resource_id = {};
      } else if (const auto id = json::string_value(value, scratch.resource)) {
        out.resource_id = *id;
      } else {
        out.resource_id = json::number(value) ? value : std::string_view();  // numeric ids as text
      }
    } else if (bytes::equal(name, "payload")) {
      out.payload = value;
    } else if (bytes::equal(name, "sequence")) {
      const auto sequence = read_sequence(value);
      has_sequence = sequence.has_value();
      if (has_sequence) out.sequence = *sequence;
    } else if (bytes::equal(name, "emittedAt")) {
      out.emitted_at = json::number(value).value_or(0);
    }
    return true;
  });
  if (!ok) return "envelope is not a JSON object";
  if (!has_topic) return "envelope without a topic";
  if (!has_sequence) return "envelope without a valid sequence";
  return {};
}

}  // namespace

struct Hub::Impl final : ParserHandler {
  explicit Impl(Config c)
      : config(std::move(c)),
        backoff(config.retry, config.seed),
        parser(*this, ParserOptions{config.max_frame_bytes}) {}

  Config config;
  Backoff backoff;
  Parser parser;
  Router router;
  Sequences sequences;
  EffectBatch batch;
  Health health;
  Metrics metrics;
  TimeMs now = 0;  // of the input being decided

  Phase phase = Phase::Idle;
  Attempt attempt;
  ConnId last_conn = 0;        // ids are never reused: an input for an old transport is ignored
  std::uint32_t failures = 0;  // consecutive failed attempts
  TimeMs retry_at = 0;         // while Waiting
  bool opened_since_start = false;  // then retrying is recovering, not connecting
  // The one immediate retry after a 401 or token_expired is spent until a stream works.
  bool unauthorized_retry_used = false;
  // What the server said lasts beyond its stream: `retry:` as in the SSE spec, and
  // hub.ready's heartbeat interval (0: the configured one).
  TimeMs server_retry_ms = 0;
  TimeMs server_heartbeat_ms = 0;

  std::string token;
  TimeMs refresh_at = 0;  // when to ask for a fresh token, 0: no need

  bool polling = false;  // changed by set_health only
  bool hidden = false;   // the page is; pause_when_hidden acts on it
  TimeMs timer_at = 0;   // the armed timer, 0: none

  Scratch scratch;
  std::vector<SubId> matched;  // Router::match's answer, reused

  // Every input: its time, an empty batch, the decision, then the one timer re-armed.
  template <class Input, class... Args>
  const EffectBatch& run(TimeMs t, Input input, Args&&... args) {
    now = t;
    batch.clear();
    (this->*input)(std::forward<Args>(args)...);
    arm_timer();
    return batch;
  }

  // The id a reconnect resumes from.
  std::string resume_id() const {
    if (config.protocol == Protocol::Plain) return parser.last_event_id();
    return sequences.resume_id();
  }

  // --- health and fallback: the one setter -------------------------------------------

  void set_health(HealthState state, Reason reason) {
    const std::uint32_t attempts = state == HealthState::Healthy ? 0 : failures;
    const TimeMs next = phase == Phase::Waiting ? retry_at : 0;
    if (state == health.state && reason == health.reason && attempts == health.attempt &&
        next == health.next_retry_at) {
      return;
    }
    if (state != health.state) health.since = now;
    health.state = state;
    health.reason = reason;
    health.attempt = attempts;
    health.next_retry_at = next;
    batch.push(EffectKind::Health).reason = reason;
    const bool want = state == HealthState::Degraded || state == HealthState::Disabled;
    if (want != polling) {
      polling = want;
      Effect& e = batch.push(EffectKind::Fallback);
      e.flag = want;
      e.reason = reason;
      telemetry(want ? TelemetryCode::FallbackOn : TelemetryCode::FallbackOff, 0,
                to_string(reason));
      if (want) ++metrics.fallback_activations;
    }
  }

  // The state while not streaming: degraded stays degraded until a stream opens.
  HealthState unhealthy_state() const {
    if (health.state == HealthState::Degraded ||
        failures >= config.retry.attempts_before_degraded) {
      return HealthState::Degraded;
    }
    return opened_since_start ? HealthState::Recovering : HealthState::Connecting;
  }

  void telemetry(TelemetryCode code, double number, std::string_view detail = {}) {
    Effect& e = batch.push(EffectKind::Telemetry);
    e.code = code;
    e.number = number;
    e.text[0] = batch.add_text(detail);
  }

  // --- timers --------------------------------------------------------------------------

  TimeMs stale_after() const {
    const TimeMs interval =
        server_heartbeat_ms > 0 ? server_heartbeat_ms : config.heartbeat.interval_ms;
    return static_cast<TimeMs>(static_cast<double>(interval) * config.heartbeat.stale_factor) +
           config.heartbeat.grace_ms;
  }

  TimeMs next_deadline() const {
    TimeMs next = 0;
    auto consider = [&](TimeMs t) {
      if (t > 0 && (next == 0 || t < next)) next = t;
    };
    switch (phase) {
      case Phase::Waiting:
        consider(retry_at);
        break;
      case Phase::Credentials:
      case Phase::Opening:
        consider(attempt.deadline);
        break;
      case Phase::Open:
        if (config.heartbeat.interval_ms > 0) consider(attempt.last_byte_at + stale_after());
        break;
      default:
        break;
    }
    // A refresh is due only while no credentials request is already pending.
    if (phase != Phase::Idle && phase != Phase::Refused && phase != Phase::Credentials) {
      consider(refresh_at);
    }
    return next;
  }

  // One timer at a time. A deadline that moves later (bytes arriving) keeps the armed
  // timer, which fires early, finds nothing due and re-arms: no timer churn per chunk.
  void arm_timer() {
    const TimeMs next = next_deadline();
    if (next == 0) {
      if (timer_at != 0) {
        timer_at = 0;
        batch.push(EffectKind::Timer).time = 0;
      }
      return;
    }
    if (timer_at == 0 || next < timer_at) {
      timer_at = next;
      batch.push(EffectKind::Timer).time = next;
    }
  }

  // --- connecting ----------------------------------------------------------------------

  // A new attempt: credentials first when the app provides them, then the stream.
  void connect() {
    if (phase == Phase::Offline) return;
    attempt = Attempt{};
    if (config.use_credentials) {
      phase = Phase::Credentials;
      attempt.deadline = now + config.connect_timeout_ms;
      batch.push(EffectKind::NeedCredentials).reason = health.reason;
      return;
    }
    open_stream();
  }

  SSEHUB_COLD void open_stream() {
    attempt.conn = ++last_conn;
    phase = Phase::Opening;
    attempt.deadline = now + config.connect_timeout_ms;
    ++metrics.connects;
    std::string url = config.url;
    char sep = config.url.find('?') == std::string::npos ? '?' : '&';
    auto param = [&](std::string_view k, std::string_view v) {
      url += sep;
      sep = '&';
      append_query_component(url, k);
      url += '=';
      append_query_component(url, v);
    };
    for (const auto& [k, v] : config.scope) param(k, v);
    const std::string last_id = resume_id();
    if (!config.last_event_id_query.empty() && !last_id.empty()) {
      param(config.last_event_id_query, last_id);
    }
    Effect& e = batch.push(EffectKind::Open);
    e.conn = attempt.conn;
    e.text[0] = batch.add_text(url);
    e.text[1] = batch.add_text(last_id);
    e.text[2] = batch.add_text(token);
    telemetry(TelemetryCode::Connect, failures + 1);
  }

  // Ends the current transport, if any, from our side.
  void close_transport() {
    if (phase == Phase::Opening || phase == Phase::Open) {
      batch.push(EffectKind::Close).conn = attempt.conn;
    }
    if (phase == Phase::Open) parser.end();
    attempt.conn = 0;
  }

  // An attempt failed or a stream ended: back off and try again.
  void fail(Reason reason, TimeMs at_least_ms = 0) {
    close_transport();
    ++failures;
    const TimeMs delay = std::max(backoff.delay(failures, server_retry_ms), at_least_ms);
    phase = Phase::Waiting;
    retry_at = now + std::max<TimeMs>(delay, 1);
    set_health(unhealthy_state(), reason);
  }

  // Reconnect at once (token refreshed, network back, visible again, stale).
  void reconnect_now(HealthState state, Reason reason) {
    close_transport();
    phase = Phase::Waiting;  // connect() moves on from here
    retry_at = 0;
    set_health(state, reason);
    connect();
  }

  SSEHUB_COLD void refuse(Reason reason, std::uint32_t status) {
    close_transport();
    phase = Phase::Refused;
    health.http_status = status;
    set_health(HealthState::Degraded, reason);
  }

  // --- inputs --------------------------------------------------------------------------

  SSEHUB_COLD void start() {
    // From Refused too: start() is how an app tries again after a 403/404.
    if ((phase != Phase::Idle && phase != Phase::Refused) ||
        health.state == HealthState::Disabled) {
      return;
    }
    if (!config.enabled) {
      set_health(HealthState::Disabled, Reason::Disabled);
      return;
    }
    failures = 0;
    opened_since_start = false;
    backoff.reset();
    phase = Phase::Waiting;
    retry_at = 0;
    set_health(HealthState::Connecting, Reason::Started);
    connect();
  }

  SSEHUB_COLD void stop() {
    close_transport();
    phase = Phase::Idle;
    refresh_at = 0;
    set_health(HealthState::Closed, Reason::Stopped);
  }

  SSEHUB_COLD void opened(ConnId conn, std::uint32_t status, std::string_view content_type,
                          TimeMs retry_after) {
    if (conn != attempt.conn || phase != Phase::Opening) return;
    health.http_status = status;
    if (status == 200 && is_event_stream(content_type)) {
      phase = Phase::Open;
      attempt.last_byte_at = attempt.opened_at = now;
      if (metrics.opens++ > 0) ++metrics.reconnects;
      opened_since_start = true;
      // Degraded stays degraded until the server says something: a server that accepts
      // and hangs up must not switch polling off and on with every attempt.
      if (health.state != HealthState::Degraded) set_health(HealthState::Healthy, Reason::Opened);
      return;
    }
    telemetry(TelemetryCode::Refused, status,
              status == 200 ? std::string_view("content type is not text/event-stream")
                            : std::string_view());
    switch (status) {
      case 200:
        fail(Reason::BadContentType);
        break;
      case 401:
        ++metrics.auth_failures;
        telemetry(TelemetryCode::AuthFailure, status);
        if (config.use_credentials && !unauthorized_retry_used) {
          unauthorized_retry_used = true;
          token.clear();
          reconnect_now(health.state, Reason::Unauthorized);
        } else {
          fail(Reason::Unauthorized);
        }
        break;
      case 403:
        ++metrics.auth_failures;
        telemetry(TelemetryCode::AuthFailure, status);
        refuse(Reason::Forbidden, status);
        break;
      case 404:
        refuse(Reason::NotFound, status);
        break;
      case 429:
        fail(Reason::RateLimited, std::max<TimeMs>(retry_after, 0));
        break;
      case 503:
        fail(Reason::Unavailable, std::max<TimeMs>(retry_after, 0));
        break;
      default:
        fail(Reason::HttpStatus, std::max<TimeMs>(retry_after, 0));
        break;
    }
  }

  void received(ConnId conn, std::string_view bytes) {
    if (conn != attempt.conn || phase != Phase::Open) return;
    metrics.bytes += bytes.size();
    attempt.last_byte_at = now;
    health.last_event_at = now;
    parser.feed(bytes);
    switch (attempt.error) {
      case StreamError::None:
        break;
      case StreamError::TokenExpired:
        ++metrics.auth_failures;
        telemetry(TelemetryCode::AuthFailure, 0, "token_expired");
        token.clear();
        prove_if_long_lived();
        if (unauthorized_retry_used) {
          fail(Reason::TokenExpired);  // refused again at once: back off, no tight loop
        } else {
          unauthorized_retry_used = true;
          reconnect_now(unhealthy_state(), Reason::TokenExpired);
        }
        break;
      case StreamError::Revoked:
        ++metrics.auth_failures;
        telemetry(TelemetryCode::AuthFailure, 0, "access_revoked");
        refuse(Reason::Forbidden, 0);
        break;
      case StreamError::Other:
        prove_if_long_lived();
        fail(Reason::ServerError);
        break;
    }
  }

  void closed(ConnId conn, CloseReason reason) {
    if (conn != attempt.conn || (phase != Phase::Open && phase != Phase::Opening)) return;
    const Reason why = reason == CloseReason::Eof ? Reason::Eof : Reason::NetworkError;
    if (phase == Phase::Open) {
      ++metrics.disconnects;
      telemetry(TelemetryCode::Disconnect, 0, to_string(why));
      parser.end();
      prove_if_long_lived();
    }
    phase = Phase::Waiting;  // the transport is gone: nothing to close
    attempt.conn = 0;
    fail(why);
  }

  void timer() {
    timer_at = 0;
    if (refresh_at > 0 && now >= refresh_at && phase != Phase::Credentials) {
      refresh_at = 0;
      batch.push(EffectKind::NeedCredentials).reason = Reason::TokenExpired;
    }
    switch (phase) {
      case Phase::Waiting:
        if (now >= retry_at) connect();
        break;
      case Phase::Credentials:
      case Phase::Opening:
        if (now >= attempt.deadline) fail(Reason::ConnectTimeout);
        break;
      case Phase::Open:
        check_stale();
        break;
      default:
        break;
    }
  }

  void check_stale() {
    if (phase != Phase::Open || config.heartbeat.interval_ms <= 0) return;
    if (now < attempt.last_byte_at + stale_after()) return;
    ++metrics.stale;
    prove_if_long_lived();
    ++failures;
    telemetry(TelemetryCode::Stale, static_cast<double>(now - attempt.last_byte_at));
    reconnect_now(HealthState::Degraded, Reason::Stale);
  }

  SSEHUB_COLD void visibility(bool is_hidden) {
    hidden = is_hidden;
    if (!config.pause_when_hidden) {
      if (!is_hidden) check_stale();
      return;
    }
    if (is_hidden) {
      if (phase == Phase::Idle || phase == Phase::Refused || phase == Phase::Offline) return;
      close_transport();
      phase = Phase::Paused;
      set_health(
          health.state == HealthState::Degraded ? HealthState::Degraded : HealthState::Recovering,
          Reason::Paused);
    } else if (phase == Phase::Paused) {
      reconnect_now(health.state, Reason::Resumed);
    }
  }

  // Back from a freeze or the back/forward cache: an open stream may have stalled for good
  // without an error (Chromium's fetch does after a freeze), so reopen it from the last id
  // at once rather than trust it until it goes stale.
  SSEHUB_COLD void resumed() {
    check_stale();
    if (phase != Phase::Open) return;
    prove_if_long_lived();
    reconnect_now(HealthState::Recovering, Reason::Resumed);
  }

  void frozen(bool is_frozen) {
    if (!is_frozen) resumed();
  }

  SSEHUB_COLD void network(bool online) {
    if (!online) {
      if (phase == Phase::Idle || phase == Phase::Refused || phase == Phase::Offline) return;
      close_transport();
      phase = Phase::Offline;
      set_health(HealthState::Degraded, Reason::Offline);
    } else if (phase == Phase::Offline) {
      if (hidden && config.pause_when_hidden) {
        phase = Phase::Paused;
        return;
      }
      phase = Phase::Waiting;
      reconnect_now(health.state, Reason::Online);
    }
  }

  SSEHUB_COLD void credentials(std::string_view new_token) {
    token.assign(new_token);
    refresh_at = 0;
    // Ask again before a JWT expires; not for one already (nearly) expired, which the
    // server's 401 or token_expired will have refreshed instead of a timer asking in a loop.
    if (const auto exp = jwt_expiry_ms(token)) {
      const TimeMs lead =
          std::min(config.refresh_before_expiry_ms, std::max<TimeMs>((*exp - now) / 2, 0));
      if (*exp - lead > now) refresh_at = *exp - lead;
    }
    if (phase == Phase::Credentials) open_stream();
  }

  void credentials_failed() {
    if (phase != Phase::Credentials) return;
    phase = Phase::Waiting;
    fail(Reason::CredentialsFailed);
  }

  // --- the stream ------------------------------------------------------------------------

  // Any frame: the server is there.
  void frame_seen() {
    if (attempt.framed) return;
    attempt.framed = true;
    set_health(HealthState::Healthy, Reason::Opened);
  }

  // An event or a heartbeat: the stream works, so the attempts that led here succeeded.
  // The preamble (`retry:`, hub.ready) and hub.error do not count: a server that accepts
  // and then refuses every time must still lead to backoff and `degraded`.
  void prove() {
    frame_seen();
    if (attempt.proved) return;
    attempt.proved = true;
    failures = 0;
    backoff.reset();
    unauthorized_retry_used = false;
  }

  // Called as a stream ends: one that lived this long worked, whatever it carried.
  static constexpr TimeMs kStableMs = 10000;
  void prove_if_long_lived() {
    if (phase == Phase::Open && !attempt.proved && now - attempt.opened_at >= kStableMs) prove();
  }

  void on_comment(std::string_view) override {
    if (attempt.error != StreamError::None) return;
    ++metrics.heartbeats;
    prove();
  }

  void on_retry(std::uint64_t ms) override {
    if (attempt.error != StreamError::None) return;
    server_retry_ms = static_cast<TimeMs>(std::min<std::uint64_t>(ms, 24ULL * 3600 * 1000));
    frame_seen();
  }

  void on_error(const ParseError& error) override {
    bad_frame("frame too large", static_cast<double>(error.bytes));
  }

  void bad_frame(std::string_view what, double number = 0) {
    ++metrics.bad_frames;
    telemetry(TelemetryCode::BadFrame, number, what);
  }

  bool is_heartbeat(std::string_view type) const {
    for (const auto& name : config.heartbeat.event_names) {
      if (bytes::equal(name, type)) return true;
    }
    return false;
  }

  void on_event(const SseEvent& ev) override {
    if (attempt.error != StreamError::None) return;  // the rest of a chunk after hub.error
    const bool envelope_mode = config.protocol == Protocol::Envelope;
    if (envelope_mode && bytes::equal(ev.type, "hub.error")) return hub_error(ev.data);
    if (envelope_mode && bytes::equal(ev.type, "hub.ready")) {
      frame_seen();
      return hub_ready(ev.data);
    }
    prove();
    if (is_heartbeat(ev.type)) {
      ++metrics.heartbeats;
      return;
    }
    if (!envelope_mode) {
      const Envelope plain{.topic = ev.type, .resource_id = {}, .payload = ev.data};
      return deliver(plain, ev.last_event_id, json::valid(ev.data));
    }
    if (bytes::equal(ev.type, "hub.snapshot")) return hub_snapshot(ev.data);
    envelope(ev);
  }

  SSEHUB_COLD void hub_ready(std::string_view data) {
    std::optional<double> heartbeat, sequence;
    const bool ok = json::for_each_member(data, [&](std::string_view key, std::string_view value) {
      if (json::key_is(key, "heartbeatMs")) heartbeat = json::number(value);
      if (json::key_is(key, "sequence")) sequence = json::number(value);
      return true;
    });
    if (!ok) return bad_frame("malformed hub.ready");
    if (heartbeat && *heartbeat >= 0 && *heartbeat < 86400000) {
      server_heartbeat_ms = static_cast<TimeMs>(*heartbeat);
    }
    if (sequence && sequences.restart_if_behind(*sequence)) {
      telemetry(TelemetryCode::Gap, *sequence, "the hub's sequence restarted");
    }
  }

  SSEHUB_COLD void hub_error(std::string_view data) {
    std::string_view code;
    const bool ok = json::for_each_member(data, [&](std::string_view key, std::string_view value) {
      if (json::key_is(key, "code")) code = json::string_value(value, scratch.code).value_or("");
      return true;
    });
    if (!ok) bad_frame("malformed hub.error");  // still an error: close and back off
    if (code == "token_expired") {
      attempt.error = StreamError::TokenExpired;
    } else if (code == "access_revoked" || code == "forbidden") {
      attempt.error = StreamError::Revoked;
    } else {
      attempt.error = StreamError::Other;
    }
  }

  void envelope(const SseEvent& ev) {
    Envelope env;
    if (const auto problem = read_envelope(ev.data, scratch, env); !problem.empty()) {
      return bad_frame(problem);
    }
    if (!sequences.accept_event(env.topic, env.sequence)) return duplicate(env.sequence, env.topic);
    deliver(env, ev.last_event_id, true);
  }

  SSEHUB_COLD void duplicate(std::uint64_t sequence, std::string_view topic) {
    ++metrics.duplicates;
    telemetry(TelemetryCode::Duplicate, static_cast<double>(sequence), topic);
  }

  void deliver(const Envelope& env, std::string_view id, bool is_json) {
    ++metrics.events;
    matched.clear();
    router.match(env.topic, env.resource_id, matched);
    if (matched.empty()) return;
    Effect& e = batch.push(EffectKind::Deliver);
    for (SubId s : matched) batch.add_sub(e, s);
    metrics.deliveries += matched.size();
    e.flag = is_json;
    e.number = static_cast<double>(env.sequence);
    e.time = static_cast<TimeMs>(env.emitted_at);
    e.text[0] = batch.add_text(env.topic);
    e.text[1] = batch.add_text(env.resource_id);
    e.text[2] = batch.add_text(env.payload);
    e.text[3] = batch.add_text(id);
  }

  SSEHUB_COLD void hub_snapshot(std::string_view data) {
    const auto snap = Snapshot::read(data, scratch.topic);
    if (!snap) return bad_frame("malformed hub.snapshot");
    if (!sequences.accept_snapshot(snap->topic, snap->sequence)) {
      return duplicate(snap->sequence, snap->topic);
    }
    ++metrics.snapshots;
    telemetry(TelemetryCode::Gap, static_cast<double>(snap->sequence), snap->topic);
    telemetry(TelemetryCode::SnapshotApplied, static_cast<double>(snap->sequence), snap->topic);
    matched.clear();
    router.match(snap->topic, {}, matched, /*any_resource=*/true);
    for (SubId s : matched) {
      Effect& e = batch.push(EffectKind::Snapshot);
      batch.add_sub(e, s);
      e.number = static_cast<double>(snap->sequence);
      e.text[0] = batch.add_text(snap->topic);
      e.text[1] = batch.add_text(snap->items_for(router.resource_of(s), scratch.items));
    }
  }
};

Hub::Hub(Config config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Hub::~Hub() = default;

const EffectBatch& Hub::start(TimeMs now) { return impl_->run(now, &Impl::start); }
const EffectBatch& Hub::stop(TimeMs now) { return impl_->run(now, &Impl::stop); }

SubId Hub::subscribe(const Filter& filter) { return impl_->router.add(filter); }
void Hub::unsubscribe(SubId id) { impl_->router.remove(id); }

const EffectBatch& Hub::opened(TimeMs now, ConnId conn, std::uint32_t status,
                               std::string_view content_type, TimeMs retry_after_ms) {
  return impl_->run(now, &Impl::opened, conn, status, content_type, retry_after_ms);
}
const EffectBatch& Hub::received(TimeMs now, ConnId conn, std::string_view bytes) {
  return impl_->run(now, &Impl::received, conn, bytes);
}
const EffectBatch& Hub::closed(TimeMs now, ConnId conn, CloseReason reason) {
  return impl_->run(now, &Impl::closed, conn, reason);
}
const EffectBatch& Hub::timer(TimeMs now) { return impl_->run(now, &Impl::timer); }
const EffectBatch& Hub::visibility(TimeMs now, bool hidden) {
  return impl_->run(now, &Impl::visibility, hidden);
}
const EffectBatch& Hub::frozen(TimeMs now, bool is_frozen) {
  return impl_->run(now, &Impl::frozen, is_frozen);
}
const EffectBatch& Hub::network(TimeMs now, bool online) {
  return impl_->run(now, &Impl::network, online);
}
const EffectBatch& Hub::credentials(TimeMs now, std::string_view token) {
  return impl_->run(now, &Impl::credentials, token);
}
const EffectBatch& Hub::credentials_failed(TimeMs now) {
  return impl_->run(now, &Impl::credentials_failed);
}

const Health& Hub::health() const { return impl_->health; }
const Metrics& Hub::metrics() const { return impl_->metrics; }
const Config& Hub::config() const { return impl_->config; }
bool Hub::polling() const { return impl_->polling; }
std::string Hub::last_event_id() const { return impl_->resume_id(); }

}  // namespace ssehub
