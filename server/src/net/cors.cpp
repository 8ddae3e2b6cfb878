#include "net/cors.hpp"

#include "net/responses.hpp"

namespace hubd {

std::string Cors::allowed_origin(const Request& req) const {
  const auto origin = header(req, http::field::origin);
  for (const auto& allowed : origins_) {
    if (allowed == origin) return std::string(origin);
  }
  return {};
}

Response Cors::preflight(const Request& req) const {
  if (header(req, http::field::origin).empty() || allowed_origin(req).empty()) {
    return error_response(403, "origin_not_allowed", "this origin is not in CORS_ORIGIN");
  }
  Response res{http::status::no_content, 11};
  res.set(http::field::access_control_allow_methods, "GET, POST, PUT, PATCH, DELETE, OPTIONS");
  res.set(http::field::access_control_allow_headers,
          "Authorization, Content-Type, Last-Event-ID, Cache-Control, X-User-ID");
  res.set(http::field::access_control_max_age, "600");
  return res;
}

void Cors::expose(Response& res, const std::string& origin) {
  res.set(http::field::access_control_allow_origin, origin);
  res.set(http::field::access_control_allow_credentials, "true");
  res.set(http::field::vary, "Origin");
  res.set(http::field::access_control_expose_headers, "Retry-After");
}

}  // namespace hubd
