// Request routing, CORS, and the small endpoints: healthz, metrics, static files.
#include <fstream>
#include <sstream>

#include "http_util.hpp"
#include "responses.hpp"
#include "static_files.hpp"

namespace hubd {

std::string App::allowed_origin(const Request& req) const {
  const auto origin = header(req, http::field::origin);
  for (const auto& allowed : config_.cors_origins) {
    if (allowed == origin) return std::string(origin);
  }
  return {};
}

Response App::refuse(int status, const std::string& code, const std::string& message,
                     int retry_after_base) {
  metrics_.refusal(code);
  auto res = error_response(status, code, message);
  if (retry_after_base > 0) {
    std::uniform_int_distribution<int> jitter(0, retry_after_base);
    res.set(http::field::retry_after, std::to_string(retry_after_base + jitter(rng_)));
  }
  return res;
}

RouteResult App::handle(const Request& req, const std::string& remote) {
  const std::string path(target_path(req.target()));
  const auto method = req.method();
  if (config_.test_mode && path != "/api/v1/test/requests") {
    constexpr std::size_t kLogged = 10000;
    if (request_log_.size() == kLogged) {
      request_log_.pop_front();
      ++request_log_dropped_;
    }
    request_log_.push_back(std::string(req.method_string()) + ' ' + path);
  }
  RouteResult result = [&]() -> RouteResult {
    if (method == http::verb::options) return preflight(req);
    if (path == "/api/v1/events") {
      if (method != http::verb::get) return method_not_allowed("GET, OPTIONS");
      return route_events(req, remote);
    }
    if (path == "/api/v1/publish") {
      if (method != http::verb::post) return method_not_allowed("POST, OPTIONS");
      return publish(req);
    }
    if (path == "/api/v1/session") return session(req);
    if (path == "/api/v1/token") {
      if (!config_.test_mode) return error_response(404, "not_found", "test mode is off");
      if (method != http::verb::post) return method_not_allowed("POST, OPTIONS");
      return token(req);
    }
    if (path == "/api/v1/test/act") {
      if (!config_.test_mode && !config_.dev_login)
        return error_response(404, "not_found", "test mode and dev login are off");
      if (method != http::verb::post) return method_not_allowed("POST, OPTIONS");
      return act(req);
    }
    if (path == "/api/v1/test/faults") {
      if (!config_.test_mode) return error_response(404, "not_found", "test mode is off");
      if (method != http::verb::post) return method_not_allowed("POST, OPTIONS");
      return faults(req);
    }
    if (path == "/api/v1/test/requests") {
      if (!config_.test_mode) return error_response(404, "not_found", "test mode is off");
      if (method != http::verb::get) return method_not_allowed("GET");
      return requests_seen();
    }
    if (path == "/healthz") {
      if (method != http::verb::get && method != http::verb::head)
        return method_not_allowed("GET, HEAD");
      return healthz();
    }
    if (path == "/metrics") {
      if (method != http::verb::get) return method_not_allowed("GET");
      Response res{http::status::ok, 11};
      res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
      res.body() = metrics_.render(limiter_.open(), broker_.sequence(), broker_.buffered_events());
      return res;
    }
    if (path.rfind("/api/", 0) == 0) {
      if (auto domain = route_domain(req)) return std::move(*domain);
      return error_response(404, "not_found", "no such endpoint");
    }
    if (method != http::verb::get && method != http::verb::head)
      return method_not_allowed("GET, HEAD");
    return static_file(req);
  }();
  if (auto* res = std::get_if<Response>(&result)) {
    if (auto origin = allowed_origin(req); !origin.empty()) {
      res->set(http::field::access_control_allow_origin, origin);
      res->set(http::field::access_control_allow_credentials, "true");
      res->set(http::field::vary, "Origin");
      res->set(http::field::access_control_expose_headers, "Retry-After");
    }
  }
  return result;
}

Response App::preflight(const Request& req) {
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

Response App::healthz() const {
  if (draining_) return json_response(http::status::service_unavailable, {{"status", "draining"}});
  return json_response(http::status::ok, {{"status", "ok"},
                                          {"streams", limiter_.open()},
                                          {"sequence", broker_.sequence()},
                                          {"eventStream", config_.enable_event_stream}});
}

Response App::static_file(const Request& req) {
  const auto file = resolve_static(config_.static_root, req.target());
  if (!file) return error_response(404, "not_found", "no such file");
  std::ifstream in(file->path, std::ios::binary);
  if (!in) return error_response(404, "not_found", "no such file");
  std::ostringstream content;
  content << in.rdbuf();
  Response res{http::status::ok, 11};
  res.set(http::field::content_type, file->mime);
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  res.body() = content.str();
  return res;
}

}  // namespace hubd
