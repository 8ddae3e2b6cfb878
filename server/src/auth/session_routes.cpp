#include "auth/session_routes.hpp"

#include "core/clock.hpp"
#include "core/log.hpp"
#include "net/responses.hpp"

namespace hubd {
namespace {

Response whoami(const Request& req, const Authenticator& auth) {
  AuthFailure failure;
  auto who = auth.authenticate(req, now_ms() / 1000, failure);
  if (!who)
    return error_response(failure.refusal.status, failure.refusal.code, failure.refusal.message);
  return json_response(http::status::ok,
                       {{"user", who->user}, {"workspace", who->workspace}, {"role", who->role}});
}

Response login(const Request& req, const Authenticator& auth, const Acl& acl) {
  Response error;
  auto body = json_body(req, error);
  if (!body) return error;
  const User* user = acl.user(string_field(*body, "user"));
  if (!user) return error_response(404, "unknown_user", "no such user in the data file");
  auto res = json_response(
      http::status::ok, {{"user", user->id}, {"workspace", user->workspace}, {"role", user->role}});
  res.set(http::field::set_cookie, auth.session_cookie(*user, now_ms() / 1000));
  log_line("info", "session_login", {{"user", user->id}});
  return res;
}

Response logout() {
  Response res{http::status::no_content, 11};
  res.set(http::field::set_cookie, Authenticator::clear_cookie());
  return res;
}

Response token(const Request& req, const Authenticator& auth, const Acl& acl) {
  Response error;
  auto body = json_body(req, error);
  if (!body) return error;
  const User* user = acl.user(string_field(*body, "user"));
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
  const std::string jwt = auth.issue_token(*user, ttl, now);
  if (jwt.empty()) return error_response(409, "no_hs256_secret", "no --jwt-secret is configured");
  return json_response(http::status::ok, {{"token", jwt}, {"expiresAt", now + ttl}});
}

}  // namespace

void add_session_routes(Router<HttpCall>& routes, const Authenticator& auth, const Acl& acl,
                        SessionRoutesOptions options) {
  using V = http::verb;
  const bool dev_login = options.dev_login || options.test_mode;
  routes.add(V::get, "/api/v1/session", [&auth](const HttpCall& c) { return whoami(c.req, auth); });
  routes.add(V::post, "/api/v1/session", [&auth, &acl, dev_login](const HttpCall& c) {
    if (!dev_login)
      return error_response(404, "dev_login_disabled", "dev login is off (--dev-login)");
    return login(c.req, auth, acl);
  });
  routes.add(V::delete_, "/api/v1/session", [](const HttpCall&) { return logout(); });
  if (options.test_mode) {
    routes.add(V::post, "/api/v1/token",
               [&auth, &acl](const HttpCall& c) { return token(c.req, auth, acl); });
  } else {
    routes.add(Router<HttpCall>::kAnyMethod, "/api/v1/token", [](const HttpCall&) {
      return error_response(404, "not_found", "test mode is off");
    });
  }
}

}  // namespace hubd
