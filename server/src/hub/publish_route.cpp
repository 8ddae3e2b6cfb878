#include "hub/publish_route.hpp"

#include "auth/jwt.hpp"
#include "core/log.hpp"
#include "net/responses.hpp"
#include "net/sse.hpp"

namespace hubd {
namespace {

// The event's input, or a 400/404 in `error`.
std::optional<PublishInput> publish_input(const Request& req, const Acl& acl, Response& error) {
  auto body = json_body(req, error);
  if (!body) return std::nullopt;
  PublishInput in{string_field(*body, "workspace"),
                  string_field(*body, "topic"),
                  string_field(*body, "resourceId"),
                  nullptr,
                  nullptr,
                  {}};
  if (!is_valid_topic(in.topic)) {
    error = error_response(400, "invalid_topic", "topic must match [a-z0-9._:-]{1,128}");
  } else if (!is_valid_id(in.resource_id)) {
    error =
        error_response(400, "invalid_resource_id", "resourceId must match [A-Za-z0-9._:@-]{1,128}");
  } else if (!acl.has_workspace(in.workspace)) {
    error = error_response(404, "unknown_workspace", "unknown workspace");
  } else if (!acl.has_topic(in.topic)) {
    error = error_response(404, "unknown_topic", "unknown topic");
  } else if (!body->contains("payload")) {
    error = error_response(400, "missing_payload", "payload is required");
  } else if (body->contains("meta") && !(*body)["meta"].is_object()) {
    error = error_response(400, "invalid_meta", "meta must be an object");
  } else {
    in.payload = std::move((*body)["payload"]);
    if (body->contains("meta")) in.meta = std::move((*body)["meta"]);
    return in;
  }
  return std::nullopt;
}

}  // namespace

void add_publish_route(Router<HttpCall>& routes, Publisher& publisher, const Acl& acl,
                       Metrics& metrics, std::string token) {
  routes.add(
      http::verb::post, "/api/v1/publish",
      [&publisher, &acl, &metrics, expected = token.empty() ? std::string() : "Bearer " + token](
          const HttpCall& call) -> RouteResult {
        if (expected.empty()) {
          return error_response(404, "publish_disabled", "no publisher token is configured");
        }
        if (!secret_equal(header(call.req, http::field::authorization), expected)) {
          metrics.auth_failure("publisher_token");
          log_line("warn", "auth_failure", {{"reason", "publisher_token"}});
          return error_response(401, "unauthorized", "a valid publisher token is required");
        }
        Response error;
        auto in = publish_input(call.req, acl, error);
        if (!in) return error;
        return Deferred{[&publisher, in = std::move(*in)](Reply reply) mutable {
          publisher.publish(std::move(in), [reply](const PublishResult& result) {
            reply(json_response(http::status::ok, {{"sequence", result.event->sequence},
                                                   {"receivers", result.receivers}}));
          });
        }};
      });
}

}  // namespace hubd
