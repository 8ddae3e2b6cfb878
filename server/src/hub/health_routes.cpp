#include "hub/health_routes.hpp"

#include "auth/jwt.hpp"
#include "net/responses.hpp"

namespace hubd {

void add_health_routes(Router<HttpCall>& routes, const Streams& streams,
                       const ConnectionLimiter& limiter, const Broker& broker,
                       const Metrics& metrics, bool event_stream, std::string publisher_token) {
  auto healthz = [&streams, event_stream](const HttpCall&) {
    if (streams.draining())
      return json_response(http::status::service_unavailable, {{"status", "draining"}});
    return json_response(http::status::ok, {{"status", "ok"}, {"eventStream", event_stream}});
  };
  routes.add(http::verb::get, "/healthz", healthz);
  routes.add(http::verb::head, "/healthz", healthz);
  routes.add(http::verb::get, "/metrics",
             [&limiter, &broker, &metrics,
              expected = publisher_token.empty() ? std::string() : "Bearer " + publisher_token](
                 const HttpCall& call) {
               if (expected.empty())
                 return error_response(404, "metrics_disabled", "no publisher token is configured");
               if (!secret_equal(header(call.req, http::field::authorization), expected)) {
                 return error_response(401, "unauthorized", "the publisher token is required");
               }
               Response res{http::status::ok, 11};
               res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
               res.body() = metrics.render(limiter.open(), broker.buffered_events());
               return res;
             });
}

}  // namespace hubd
