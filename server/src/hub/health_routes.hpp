// GET/HEAD /healthz (no detail another tenant could learn from) and GET /metrics (Prometheus
// text, for the holder of the publisher token).
#pragma once

#include <string>

#include "hub/broker.hpp"
#include "hub/limits.hpp"
#include "hub/metrics.hpp"
#include "hub/streams.hpp"
#include "net/router.hpp"

namespace hubd {

// `/metrics` answers 401 without `Authorization: Bearer <publisher_token>`, 404 while no
// publisher token is configured.
void add_health_routes(Router<HttpCall>& routes, const Streams& streams,
                       const ConnectionLimiter& limiter, const Broker& broker,
                       const Metrics& metrics, bool event_stream, std::string publisher_token);

}  // namespace hubd
