// Whether a stream may open, every refusal decided before any stream byte: GET /api/v1/events
// (hub protocol v1) and, through StreamGate, the seed products' plain streams.
#pragma once

#include <optional>
#include <random>

#include "auth/authenticator.hpp"
#include "hub/faults.hpp"
#include "hub/limits.hpp"
#include "hub/metrics.hpp"
#include "hub/stream_gate.hpp"
#include "hub/streams.hpp"
#include "net/cors.hpp"
#include "net/router.hpp"

namespace hubd {

class StreamAdmission final : public StreamGate {
 public:
  // `enabled`: ENABLE_EVENT_STREAM (plain streams do not depend on it).
  StreamAdmission(bool enabled, Streams& streams, ConnectionLimiter& limiter, Metrics& metrics,
                  const Faults& faults, const Cors& cors, const Authenticator& auth,
                  const Acl& acl);

  void add_routes(Router<HttpCall>& routes);

  RouteResult admit(const Request& req, const Principal* who, Grant grant,
                    std::shared_ptr<const SseDialect> dialect, std::vector<Frame> initial) override;

 private:
  RouteResult events(const Request& req, const std::string& remote);
  std::optional<Response> refuse_early();
  std::optional<Response> acquire(const std::string& user, std::int64_t now);
  // Counted in metrics; a jittered Retry-After of [base, 2 base] seconds when base > 0.
  Response refuse(int status, const std::string& code, const std::string& message,
                  int retry_after_base = 0);
  std::optional<std::uint64_t> last_event_id(const Request& req) const;
  Upgrade accept(StreamAccept accepted);

  bool enabled_;
  Streams& streams_;
  ConnectionLimiter& limiter_;
  Metrics& metrics_;
  const Faults& faults_;
  const Cors& cors_;
  const Authenticator& auth_;
  const Acl& acl_;
  std::mt19937 rng_;
};

}  // namespace hubd
