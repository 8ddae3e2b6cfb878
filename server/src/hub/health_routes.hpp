// GET/HEAD /healthz and GET /metrics (Prometheus text).
#pragma once

#include "hub/broker.hpp"
#include "hub/limits.hpp"
#include "hub/metrics.hpp"
#include "hub/streams.hpp"
#include "net/router.hpp"

namespace hubd {

void add_health_routes(Router<HttpCall>& routes, const Streams& streams,
                       const ConnectionLimiter& limiter, const Broker& broker,
                       const Metrics& metrics, bool event_stream);

}  // namespace hubd
