// /api/... of the seed products: path parsing, the caller, dispatch to each product's
// service; and POST /api/v1/test/act, which calls them as another user.
#include "core/log.hpp"
#include "domain/activity.hpp"
#include "domain/chat.hpp"
#include "domain/dashboard.hpp"
#include "domain/debates.hpp"
#include "domain/projects.hpp"
#include "net/http_util.hpp"

namespace hubd {

std::optional<RouteResult> App::route_domain(const Request& req,
                                             const std::optional<Principal>& acting) {
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
  if (!acting) call.who = authenticate(req, call.auth_error);
  const std::string& product = call.segs[0];
  if (product == "projects" || product == "documents" || product == "sections")
    return projects_->handle(call);
  if (product == "activity" || product == "notifications") return activity_->handle(call);
  if (product == "chat") return chat_->handle(call);
  if (product == "v2") return dashboard_->handle(call);
  if (product == "debates") return debates_->handle(call);
  return std::nullopt;
}

Response App::act(const Request& req) {
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
      route_domain(inner, Principal{user->id, user->workspace, user->role, std::nullopt, true});
  if (!result) return error_response(404, "not_found", "no such endpoint");
  return std::get<Response>(std::move(*result));
}

}  // namespace hubd
