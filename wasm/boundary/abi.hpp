// The Wasm boundary, declared once: every record layout, name table and export that
// js/ relies on. `tools/abi_ts.cpp` turns this header into js/src/abi.ts (a CTest check
// fails when that file is stale), and version() is exported by the module so that js/
// refuses a .wasm built from another layout (a cached old copy beside a new package).
#pragma once

#include <cstdint>
#include <string_view>

#include "ssehub/hub.hpp"
#include "ssehub/parser.hpp"

namespace ssehub::abi {

// ---- effect records: kEffectWords float64 per effect (EffectBatch, flattened) ---------
// Text fields are (offset, length) in UTF-16 code units of the batch's text blob, which
// js/ decodes once per batch.
enum EffectWord : std::uint32_t {
  kKind,        // EffectKind
  kFlag,        // 0 or 1
  kReason,      // Reason
  kCode,        // TelemetryCode
  kConn,        // ConnId
  kNumber,      // sequence, attempt, HTTP status: see EffectKind
  kTime,        // ms
  kSubsOffset,  // first subscription id of the effect in the subs array
  kSubsCount,
  kText0,  // four (offset, length) pairs
  kEffectWords = kText0 + 8,
};
inline constexpr std::string_view kEffectWordNames[] = {
    "KIND",   "FLAG", "REASON",      "CODE",       "CONN",
    "NUMBER", "TIME", "SUBS_OFFSET", "SUBS_COUNT", "TEXT"};
static_assert(std::size(kEffectWordNames) == kText0 + 1);

inline constexpr std::pair<EffectKind, std::string_view> kEffectKinds[] = {
    {EffectKind::Open, "OPEN"},           {EffectKind::Close, "CLOSE"},
    {EffectKind::Timer, "TIMER"},         {EffectKind::Deliver, "DELIVER"},
    {EffectKind::Snapshot, "SNAPSHOT"},   {EffectKind::Health, "HEALTH"},
    {EffectKind::Fallback, "FALLBACK"},   {EffectKind::NeedCredentials, "NEED_CREDENTIALS"},
    {EffectKind::Telemetry, "TELEMETRY"},
};
static_assert(std::size(kEffectKinds) == static_cast<std::size_t>(EffectKind::Telemetry));

// ---- the health record: kHealthWords float64 -------------------------------------------
enum HealthWord : std::uint32_t {
  kState,
  kHealthReason,
  kSince,
  kAttempt,
  kNextRetryAt,
  kLastEventAt,
  kHttpStatus,
  kHealthWords,
};
inline constexpr std::string_view kHealthWordNames[] = {
    "STATE", "REASON", "SINCE", "ATTEMPT", "NEXT_RETRY_AT", "LAST_EVENT_AT", "HTTP_STATUS"};
static_assert(std::size(kHealthWordNames) == kHealthWords);

// ---- the metrics block: one float64 per counter, in this order --------------------------
struct Metric {
  std::string_view name;  // the HubMetrics key in js/
  std::uint64_t Metrics::*member;
  std::string_view doc;
};
inline constexpr Metric kMetrics[] = {
    {"connects", &Metrics::connects, "connection attempts"},
    {"opens", &Metrics::opens, "streams that opened (200, text/event-stream)"},
    {"reconnects", &Metrics::reconnects, "opens after the first"},
    {"disconnects", &Metrics::disconnects, "open streams that ended"},
    {"authFailures", &Metrics::auth_failures, "401, 403, token expiry, access revoked"},
    {"fallbackActivations", &Metrics::fallback_activations, "times fallbacks started polling"},
    {"events", &Metrics::events, "events received (once each, whatever the subscribers)"},
    {"deliveries", &Metrics::deliveries, "event × subscription deliveries"},
    {"duplicates", &Metrics::duplicates, "events dropped as already seen"},
    {"snapshots", &Metrics::snapshots, "snapshots applied"},
    {"badFrames", &Metrics::bad_frames, "oversize frames, bad JSON, malformed envelopes"},
    {"heartbeats", &Metrics::heartbeats, "heartbeat comments and events"},
    {"stale", &Metrics::stale, "streams closed as silent"},
    {"bytes", &Metrics::bytes, "stream bytes received"},
};
static_assert(sizeof(Metrics) == std::size(kMetrics) * sizeof(std::uint64_t),
              "a Metrics counter is missing from kMetrics");

// ---- parser records: kParserWords uint32 per record (ParserBatch) ----------------------
// event:   kind, type, data, lastEventId (three offset/length pairs)
// comment: kind, text, 0, 0, 0, 0
// retry:   kind, ms low 32 bits, ms high 32 bits, 0, 0, 0, 0
// error:   kind, ParseErrorCode, bytes (saturated to 32 bits), 0, 0, 0, 0
enum ParserRecord : std::uint32_t { kParserEvent = 1, kParserComment, kParserRetry, kParserError };
inline constexpr std::uint32_t kParserWords = 7;
inline constexpr std::string_view kParserRecordNames[] = {"EVENT", "COMMENT", "RETRY", "ERROR"};
static_assert(std::size(kParserRecordNames) == kParserError);
inline constexpr ParseErrorCode kLastParseError = ParseErrorCode::FrameTooLarge;

// ---- name tables, documented for the .d.ts (names come from the core's to_string) ------
static_assert(std::size(kHealthStateNames) == static_cast<std::size_t>(HealthState::Disabled) + 1);
static_assert(std::size(kReasonNames) == static_cast<std::size_t>(Reason::Disabled) + 1);
static_assert(std::size(kTelemetryCodeNames) == static_cast<std::size_t>(TelemetryCode::Stale) + 1);

struct Doc {
  std::uint8_t value;
  std::string_view text;
};
template <class E>
constexpr Doc doc(E value, std::string_view text) {
  return {static_cast<std::uint8_t>(value), text};
}

inline constexpr Doc kStateDocs[] = {
    doc(HealthState::Closed, "not started, or stopped"),
    doc(HealthState::Connecting, "the first connection of this start"),
    doc(HealthState::Healthy, "the stream is open: updates arrive as they happen"),
    doc(HealthState::Recovering, "reconnecting after a drop, below the retry threshold"),
    doc(HealthState::Degraded,
        "past the retry threshold, stale, offline or refused: fallbacks poll"),
    doc(HealthState::Disabled, "switched off by configuration: fallbacks poll"),
};
static_assert(std::size(kStateDocs) == static_cast<std::size_t>(HealthState::Disabled) + 1);

inline constexpr Doc kReasonDocs[] = {
    doc(Reason::None, "no transition yet"),
    doc(Reason::Started, "start() was called"),
    doc(Reason::Opened, "a stream opened"),
    doc(Reason::Eof, "the server ended the stream"),
    doc(Reason::NetworkError, "the transport failed"),
    doc(Reason::ConnectTimeout, "no response in time"),
    doc(Reason::Stale, "no bytes for heartbeat × staleFactor + grace"),
    doc(Reason::HttpStatus, "an unexpected HTTP status (5xx, ...)"),
    doc(Reason::BadContentType, "200 without text/event-stream"),
    doc(Reason::Unauthorized, "401, after one attempt with fresh credentials"),
    doc(Reason::Forbidden, "403, or hub.error access_revoked: no retry until reconnect()"),
    doc(Reason::NotFound, "404: no retry until reconnect()"),
    doc(Reason::RateLimited, "429: retried after Retry-After at the earliest"),
    doc(Reason::Unavailable, "503: retried after Retry-After at the earliest"),
    doc(Reason::TokenExpired, "hub.error token_expired: credentials are refreshed"),
    doc(Reason::ServerError, "another hub.error code"),
    doc(Reason::CredentialsFailed, "getToken failed or returned nothing"),
    doc(Reason::Offline, "the browser is offline"),
    doc(Reason::Online, "the browser is back online"),
    doc(Reason::Paused, "the tab is hidden and pauseWhenHidden is set"),
    doc(Reason::Resumed, "the tab is visible again"),
    doc(Reason::Stopped, "close() or stop"),
    doc(Reason::Disabled, "the hub is not enabled"),
};
static_assert(std::size(kReasonDocs) == static_cast<std::size_t>(Reason::Disabled) + 1);

inline constexpr Doc kTelemetryDocs[] = {
    doc(TelemetryCode::Connect, "a connection attempt; number = attempt"),
    doc(TelemetryCode::Disconnect, "an open stream ended; detail = why"),
    doc(TelemetryCode::AuthFailure,
        "credentials refused; number = HTTP status, or 0 with detail = the hub.error code"),
    doc(TelemetryCode::FallbackOn, "fallbacks start polling; detail = the reason"),
    doc(TelemetryCode::FallbackOff, "fallbacks stop polling; detail = the reason"),
    doc(TelemetryCode::BadFrame, "a frame was dropped; detail = what was wrong"),
    doc(TelemetryCode::Duplicate, "an event already seen was dropped; number = sequence"),
    doc(TelemetryCode::Gap, "events were lost; number = the sequence a snapshot is current to"),
    doc(TelemetryCode::SnapshotApplied, "a snapshot replaced a topic's state; detail = topic"),
    doc(TelemetryCode::Refused, "the server refused the stream; number = HTTP status"),
    doc(TelemetryCode::Stale, "the stream went silent; number = ms since its last byte"),
};
static_assert(std::size(kTelemetryDocs) == static_cast<std::size_t>(TelemetryCode::Stale));

// ---- exports: name (without the ssehub_ prefix), parameters, and what comes back -------
struct Export {
  std::string_view name;
  std::string_view params;  // comma-separated; every parameter is a Wasm i32 or f64
  std::string_view result;  // "void", "number" or "pointer"
};
inline constexpr Export kExports[] = {
    {"abi_version", "", "number"},
    {"scratch", "size", "pointer"},
    {"scratch_text", "", "pointer"},
    {"hub_create", "configSize", "pointer"},
    {"hub_destroy", "hub", "void"},
    {"hub_input", "hub, size", "pointer"},
    {"hub_start", "hub, now", "number"},
    {"hub_stop", "hub, now", "number"},
    {"hub_subscribe", "hub, topicSize, resourceSize", "number"},
    {"hub_unsubscribe", "hub, sub", "void"},
    {"hub_opened", "hub, now, conn, status, contentTypeSize, retryAfterMs", "number"},
    {"hub_received", "hub, now, conn, size", "number"},
    {"hub_closed", "hub, now, conn, error", "number"},
    {"hub_timer", "hub, now", "number"},
    {"hub_visibility", "hub, now, hidden", "number"},
    {"hub_frozen", "hub, now, frozen", "number"},
    {"hub_network", "hub, now, online", "number"},
    {"hub_credentials", "hub, now, tokenSize", "number"},
    {"hub_credentials_failed", "hub, now", "number"},
    {"hub_effects", "hub", "pointer"},
    {"hub_subs", "hub", "pointer"},
    {"hub_subs_size", "hub", "number"},
    {"hub_text", "hub", "pointer"},
    {"hub_text_size", "hub", "number"},
    {"hub_health", "hub", "pointer"},
    {"hub_metrics", "hub", "pointer"},
    {"parser_create", "maxFrameBytes", "pointer"},
    {"parser_destroy", "parser", "void"},
    {"parser_input", "parser, size", "pointer"},
    {"parser_feed", "parser, size", "number"},
    {"parser_end", "parser", "number"},
    {"parser_records", "parser", "pointer"},
    {"parser_text", "parser", "pointer"},
    {"parser_text_size", "parser", "number"},
};

constexpr std::size_t param_count(std::string_view params) {
  if (params.empty()) return 0;
  std::size_t n = 1;
  for (char c : params) n += c == ',' ? 1 : 0;
  return n;
}

// Compile-time check that bindings.cpp defines exactly kExports, with matching arity.
struct Defined {
  std::string_view name;
  std::size_t arity;
};
template <std::size_t N>
constexpr bool matches(const Defined (&defined)[N]) {
  if (N != std::size(kExports)) return false;
  for (const Export& e : kExports) {
    bool found = false;
    for (const Defined& d : defined) {
      if (d.name == e.name) found = d.arity == param_count(e.params);
    }
    if (!found) return false;
  }
  return true;
}

// ---- the version: FNV-1a over every table above ----------------------------------------
// Calls visit(std::string_view) with every fact of the boundary, in a fixed order.
template <class Visit>
constexpr void describe(Visit&& visit) {
  auto number = [&](std::uint64_t n) {
    char digits[24];
    std::size_t i = sizeof digits;
    do digits[--i] = static_cast<char>('0' + n % 10);
    while ((n /= 10) != 0);
    visit(std::string_view(digits + i, sizeof digits - i));
  };
  number(kEffectWords);
  for (auto name : kEffectWordNames) visit(name);
  for (const auto& [kind, name] : kEffectKinds)
    number(static_cast<std::uint64_t>(kind)), visit(name);
  number(kHealthWords);
  for (auto name : kHealthWordNames) visit(name);
  for (const Metric& m : kMetrics) visit(m.name);
  number(kParserWords);
  for (auto name : kParserRecordNames) visit(name);
  for (auto name : kHealthStateNames) visit(name);
  for (auto name : kReasonNames) visit(name);
  for (auto name : kTelemetryCodeNames) visit(name);
  for (int i = 0; i <= static_cast<int>(kLastParseError); ++i) {
    visit(to_string(static_cast<ParseErrorCode>(i)));
  }
  for (const Export& e : kExports) visit(e.name), visit(e.params), visit(e.result);
}

constexpr std::uint32_t version() {
  std::uint32_t h = 2166136261u;
  describe([&](std::string_view s) {
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    h = (h ^ 0xFFu) * 16777619u;  // a separator: ("ab","c") differs from ("a","bc")
  });
  return h;
}

}  // namespace ssehub::abi
