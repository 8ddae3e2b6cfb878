// POST /api/v1/publish: for backends holding the publisher token.
#include <openssl/crypto.h>

#include "core/log.hpp"
#include "net/responses.hpp"
#include "net/sse.hpp"

namespace hubd {

Response App::publish(const Request& req) {
  if (config_.publisher_token.empty()) {
    return error_response(404, "publish_disabled", "no publisher token is configured");
  }
  const auto auth = header(req, http::field::authorization);
  const std::string expected = "Bearer " + config_.publisher_token;
  if (auth.size() != expected.size() ||
      CRYPTO_memcmp(auth.data(), expected.data(), expected.size()) != 0) {
    metrics_.auth_failure("publisher_token");
    log_line("warn", "auth_failure", {{"reason", "publisher_token"}});
    return error_response(401, "unauthorized", "a valid publisher token is required");
  }
  Response error;
  auto body = json_body(req, error);
  if (!body) return error;
  PublishInput in{string_field(*body, "workspace"),
                  string_field(*body, "topic"),
                  string_field(*body, "resourceId"),
                  nullptr,
                  nullptr,
                  {}};
  if (!is_valid_topic(in.topic)) {
    return error_response(400, "invalid_topic", "topic must match [a-z0-9._:-]{1,128}");
  }
  if (!is_valid_id(in.resource_id)) {
    return error_response(400, "invalid_resource_id",
                          "resourceId must match [A-Za-z0-9._:@-]{1,128}");
  }
  if (!acl_.has_workspace(in.workspace)) {
    return error_response(404, "unknown_workspace", "unknown workspace");
  }
  if (!acl_.has_topic(in.topic)) return error_response(404, "unknown_topic", "unknown topic");
  if (!body->contains("payload"))
    return error_response(400, "missing_payload", "payload is required");
  in.payload = std::move((*body)["payload"]);
  if (body->contains("meta")) {
    if (!(*body)["meta"].is_object())
      return error_response(400, "invalid_meta", "meta must be an object");
    in.meta = std::move((*body)["meta"]);
  }

  const PublishResult result = publish_event(std::move(in));
  return json_response(http::status::ok,
                       {{"sequence", result.event->sequence}, {"receivers", result.receivers}});
}

}  // namespace hubd
