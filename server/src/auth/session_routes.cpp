// Simple-mode session cookie (dev login) and, in test mode, bearer tokens for data-file users.
#include "core/log.hpp"
#include "net/responses.hpp"

namespace hubd {

Response App::session(const Request& req) {
  const std::int64_t now = now_ms() / 1000;
  if (req.method() == http::verb::get) {
    AuthFailure failure;
    auto who = auth_.authenticate(header(req, http::field::authorization),
                                  header(req, http::field::cookie), now, failure);
    if (!who)
      return error_response(failure.refusal.status, failure.refusal.code, failure.refusal.message);
    return json_response(http::status::ok,
                         {{"user", who->user}, {"workspace", who->workspace}, {"role", who->role}});
  }
  if (req.method() == http::verb::delete_) {
    Response res{http::status::no_content, 11};
    res.set(http::field::set_cookie, Authenticator::clear_cookie());
    return res;
  }
  if (req.method() != http::verb::post) return method_not_allowed("GET, POST, DELETE, OPTIONS");
  if (!config_.dev_login && !config_.test_mode) {
    return error_response(404, "dev_login_disabled", "dev login is off (--dev-login)");
  }
  Response error;
  auto body = json_body(req, error);
  if (!body) return error;
  const User* user = acl_.user(string_field(*body, "user"));
  if (!user) return error_response(404, "unknown_user", "no such user in the data file");
  auto res = json_response(
      http::status::ok, {{"user", user->id}, {"workspace", user->workspace}, {"role", user->role}});
  res.set(http::field::set_cookie, auth_.session_cookie(*user, now));
  log_line("info", "session_login", {{"user", user->id}});
  return res;
}

Response App::token(const Request& req) {
  Response error;
  auto body = json_body(req, error);
  if (!body) return error;
  const User* user = acl_.user(string_field(*body, "user"));
  if (!user) return error_response(404, "unknown_user", "no such user in the data file");
  std::int64_t ttl = 3600;
  if (auto it = body->find("ttlSeconds"); it != body->end()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < -86400 ||
        it->get<std::int64_t>() > 86400) {
      return error_response(400, "invalid_ttl", "ttlSeconds must be an integer in [-86400, 86400]");
    }
    ttl = it->get<std::int64_t>();
  }
  const std::int64_t now = now_ms() / 1000;
  const std::string jwt = auth_.issue_token(*user, ttl, now);
  if (jwt.empty()) return error_response(409, "no_hs256_secret", "no --jwt-secret is configured");
  return json_response(http::status::ok, {{"token", jwt}, {"expiresAt", now + ttl}});
}

}  // namespace hubd
