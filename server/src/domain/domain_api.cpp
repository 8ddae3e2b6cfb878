#include "domain/domain_api.hpp"

#include "core/clock.hpp"
#include "core/log.hpp"
#include "net/http_util.hpp"

namespace hubd {

std::optional<RouteResult> DomainApi::route(const HttpCall& call) const {
  const std::string_view path = target_path(call.req.target());
  if (path.rfind("/api/", 0) != 0) return std::nullopt;
  if (auto result = dispatch(call.req, std::nullopt)) return result;
  return error_response(404, "not_found", "no such endpoint");
}

std::optional<RouteResult> DomainApi::dispatch(const Request& req,
                                               const std::optional<Principal>& acting) const {
  const std::string_view path = target_path(req.target());
  std::vector<std::string> segs;
  for (std::string_view rest = path.substr(5); !rest.empty();) {  // after "/api/"
    const auto slash = rest.find('/');
    auto seg = percent_decode(rest.substr(0, slash));
    if (!seg) return bad_request("invalid_path", "malformed percent-escape in the path");
    segs.push_back(std::move(*seg));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (segs.empty() || segs[0] == "v1") return std::nullopt;
  auto query = parse_query(req.target());
  if (!query) return bad_request("invalid_query", "malformed query string");

  ApiCall call{req, std::move(segs), std::move(*query), acting, {}, now_ms()};
  if (!acting) {
    AuthFailure failure;
    call.who = auth_.authenticate(req, call.now_ms / 1000, failure);
    if (!call.who) {
      if (failure.reason != "missing_credentials") metrics_.auth_failure(failure.reason);
      call.auth_error =
          error_response(failure.refusal.status, failure.refusal.code, failure.refusal.message);
    }
  }
  return routes_.route(call);
}

void DomainApi::add_act_route(Router<HttpCall>& routes, bool enabled) const {
  if (!enabled) {
    routes.add(Router<HttpCall>::kAnyMethod, "/api/v1/test/act", [](const HttpCall&) {
      return error_response(404, "not_found", "test mode and dev login are off");
    });
    return;
  }
  routes.add(http::verb::post, "/api/v1/test/act",
             [this](const HttpCall& call) { return act(call.req); });
}

Response DomainApi::act(const Request& req) const {
  Response error;
  auto body = json_body(req, error);
  if (!body) return error;
  const User* user = acl_.user(string_field(*body, "as"));
  if (!user) return error_response(404, "unknown_user", "\"as\" must name a data-file user");
  const std::string method = string_field(*body, "method");
  const auto verb = http::string_to_verb(method);
  if (verb != http::verb::get && verb != http::verb::post && verb != http::verb::put &&
      verb != http::verb::patch && verb != http::verb::delete_) {
    return bad_request("invalid_method", "method must be GET, POST, PUT, PATCH or DELETE");
  }
  const std::string path = string_field(*body, "path");
  const std::string_view route = target_path(path);
  if (path.rfind("/api/", 0) != 0 || path.rfind("/api/v1/", 0) == 0 ||
      path.find_first_of(" \r\n") != std::string::npos ||
      (route.size() >= 7 && route.substr(route.size() - 7) == "/stream")) {
    return bad_request("invalid_path", "path must be a domain endpoint under /api/, no stream");
  }
  Request inner{verb, path, 11};
  if (auto it = body->find("body"); it != body->end()) {
    inner.set(http::field::content_type, "application/json");
    inner.body() = it->dump();
  }
  inner.prepare_payload();
  log_line("info", "act", {{"as", user->id}, {"method", method}, {"path", path}});
  auto result =
      dispatch(inner, Principal{user->id, user->workspace, user->role, std::nullopt, true});
  if (!result) return error_response(404, "not_found", "no such endpoint");
  return std::get<Response>(std::move(*result));
}

}  // namespace hubd
