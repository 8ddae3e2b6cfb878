#include "hub/admission.hpp"

#include <charconv>
#include <sstream>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "net/http_util.hpp"
#include "net/responses.hpp"

namespace hubd {
namespace {

std::optional<std::uint64_t> parse_last_event_id(std::string_view text) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

StreamAdmission::StreamAdmission(bool enabled, Streams& streams, ConnectionLimiter& limiter,
                                 Metrics& metrics, const Faults& faults, const Cors& cors,
                                 const Authenticator& auth, const Acl& acl)
    : enabled_(enabled),
      streams_(streams),
      limiter_(limiter),
      metrics_(metrics),
      faults_(faults),
      cors_(cors),
      auth_(auth),
      acl_(acl),
      rng_(std::random_device{}()) {}

void StreamAdmission::add_routes(Router<HttpCall>& routes) {
  routes.add(http::verb::get, "/api/v1/events",
             [this](const HttpCall& call) { return events(call.req, call.remote); });
}

Response StreamAdmission::refuse(int status, const std::string& code, const std::string& message,
                                 int retry_after_base) {
  metrics_.refusal(code);
  auto res = error_response(status, code, message);
  if (retry_after_base > 0) {
    std::uniform_int_distribution<int> jitter(0, retry_after_base);
    res.set(http::field::retry_after, std::to_string(retry_after_base + jitter(rng_)));
  }
  return res;
}

std::optional<Response> StreamAdmission::refuse_early() {
  if (streams_.draining()) return refuse(503, "draining", "the hub is shutting down", 5);
  if (faults_.refuse_status && std::chrono::steady_clock::now() < faults_.refuse_until) {
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(
                          faults_.refuse_until - std::chrono::steady_clock::now())
                          .count() +
                      1;
    auto res = refuse(faults_.refuse_status, "fault_injected", "refused by test-mode fault");
    // Like a real hub: Retry-After only with the statuses that carry one. A 500 lets the
    // client back off on its own, so tests can drive it past the retry threshold.
    if (faults_.refuse_status == 429 || faults_.refuse_status == 503) {
      res.set(http::field::retry_after, std::to_string(left));
    }
    return res;
  }
  return std::nullopt;
}

std::optional<Response> StreamAdmission::acquire(const std::string& user, std::int64_t now) {
  switch (limiter_.try_acquire(user, now)) {
    case Admission::UserLimit:
      return refuse(429, "too_many_connections", "per-user stream limit reached", 2);
    case Admission::RateLimit:
      return refuse(429, "rate_limited", "too many new streams; slow down", 2);
    case Admission::GlobalLimit:
      return refuse(503, "hub_full", "the hub is at its connection limit", 5);
    case Admission::Admitted:
      break;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> StreamAdmission::last_event_id(const Request& req) const {
  // The header, or the lastEventId query parameter for EventSource, which cannot send
  // headers on its first request.
  std::string resume(header(req, "Last-Event-ID"));
  if (resume.empty()) {
    const auto query = parse_query(req.target());
    if (query && query->count("lastEventId")) resume = query->at("lastEventId");
  }
  if (resume.empty()) return std::nullopt;
  auto id = parse_last_event_id(resume);
  if (!id) log_line("warn", "bad_last_event_id", {});
  return id;
}

Upgrade StreamAdmission::accept(StreamAccept accepted) {
  return {[&streams = streams_, accepted = std::move(accepted)](tcp::socket socket,
                                                                bool chunked) mutable {
    streams.open(std::move(socket), std::move(accepted), chunked);
  }};
}

RouteResult StreamAdmission::admit(const Request& req, const Principal* who, Grant grant,
                                   std::shared_ptr<const SseDialect> dialect,
                                   std::vector<Frame> initial) {
  if (auto refused = refuse_early()) return *refused;
  if (auto refused = acquire(who ? who->user : std::string(), now_ms())) return *refused;
  return accept({who ? *who : Principal{}, Scope{}, std::move(grant), last_event_id(req),
                 cors_.allowed_origin(req), std::move(dialect), std::move(initial)});
}

RouteResult StreamAdmission::events(const Request& req, const std::string& remote) {
  if (!enabled_) {
    return refuse(404, "stream_disabled", "the event stream is disabled (ENABLE_EVENT_STREAM)");
  }
  if (auto refused = refuse_early()) return *refused;

  const std::int64_t now = now_ms();
  AuthFailure failure;
  auto principal = auth_.authenticate(req, now / 1000, failure);
  if (!principal) {
    metrics_.auth_failure(failure.reason);
    log_line("warn", "auth_failure", {{"reason", failure.reason}, {"remote", remote}});
    return refuse(failure.refusal.status, failure.refusal.code, failure.refusal.message);
  }

  const auto query = parse_query(req.target());
  if (!query) return refuse(404, "not_found", "malformed query string");
  Scope scope;
  auto get = [&query](const char* name) {
    auto it = query->find(name);
    return it == query->end() ? std::string() : it->second;
  };
  scope.project_id = get("projectId");
  scope.document_id = get("documentId");
  scope.section_id = get("sectionId");
  std::stringstream topics(get("topics"));
  for (std::string t; std::getline(topics, t, ',');) {
    if (!t.empty()) scope.topics.push_back(t);
  }
  Refusal refusal;
  auto grant = acl_.grant(*principal, scope, refusal);
  if (!grant) {
    log_line("warn", "scope_refused",
             {{"user", principal->user}, {"code", refusal.code}, {"status", refusal.status}});
    return refuse(refusal.status, refusal.code, refusal.message);
  }

  const auto last_id = last_event_id(req);
  if (auto refused = acquire(principal->user, now)) return *refused;
  return accept({std::move(*principal),
                 std::move(scope),
                 std::move(*grant),
                 last_id,
                 cors_.allowed_origin(req),
                 nullptr,
                 {}});
}

}  // namespace hubd
