#include "hub/health_routes.hpp"

#include "net/responses.hpp"

namespace hubd {

void add_health_routes(Router<HttpCall>& routes, const Streams& streams,
                       const ConnectionLimiter& limiter, const Broker& broker,
                       const Metrics& metrics, bool event_stream) {
  auto healthz = [&streams, &limiter, &broker, event_stream](const HttpCall&) {
    if (streams.draining())
      return json_response(http::status::service_unavailable, {{"status", "draining"}});
    return json_response(http::status::ok, {{"status", "ok"},
                                            {"streams", limiter.open()},
                                            {"sequence", broker.sequence()},
                                            {"eventStream", event_stream}});
  };
  routes.add(http::verb::get, "/healthz", healthz);
  routes.add(http::verb::head, "/healthz", healthz);
  routes.add(http::verb::get, "/metrics", [&limiter, &broker, &metrics](const HttpCall&) {
    Response res{http::status::ok, 11};
    res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    res.body() = metrics.render(limiter.open(), broker.sequence(), broker.buffered_events());
    return res;
  });
}

}  // namespace hubd
