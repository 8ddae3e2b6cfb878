#include "net/responses.hpp"

namespace hubd {

Response json_response(http::status status, const nlohmann::json& body) {
  Response res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return res;
}

Response error_response(int status, const std::string& code, const std::string& message) {
  return json_response(static_cast<http::status>(status),
                       {{"error", {{"code", code}, {"message", message}}}});
}

Response method_not_allowed(const std::string& allow) {
  auto res = error_response(405, "method_not_allowed", "allowed: " + allow);
  res.set(http::field::allow, allow);
  return res;
}

std::string_view header(const Request& req, http::field field) {
  auto it = req.find(field);
  return it == req.end() ? std::string_view{}
                         : std::string_view(it->value().data(), it->value().size());
}

std::string_view header(const Request& req, std::string_view name) {
  auto it = req.find(boost::beast::string_view(name.data(), name.size()));
  return it == req.end() ? std::string_view{}
                         : std::string_view(it->value().data(), it->value().size());
}

std::optional<nlohmann::json> json_body(const Request& req, Response& error) {
  // Serializing is recursive: bound the nesting so a payload cannot exhaust the stack.
  bool too_deep = false;
  auto body = nlohmann::json::parse(
      req.body(),
      [&too_deep](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (static_cast<std::size_t>(depth) > kMaxJsonDepth) too_deep = true;
        return !too_deep;
      },
      false);
  if (too_deep) {
    error = error_response(400, "invalid_json", "JSON nested too deeply");
    return std::nullopt;
  }
  if (body.is_discarded() || !body.is_object()) {
    error = error_response(400, "invalid_json", "the body must be a JSON object");
    return std::nullopt;
  }
  return body;
}

std::string string_field(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace hubd
