#include "net/dispatcher.hpp"

#include "net/http_util.hpp"
#include "net/static_files.hpp"

namespace hubd {

Dispatcher::Dispatcher(const Cors& cors, std::string static_root, std::function<bool()> closing)
    : cors_(cors), static_root_(std::move(static_root)), closing_(std::move(closing)) {}

void Dispatcher::add(Routes routes) { tables_.push_back(std::move(routes)); }

void Dispatcher::add(const Router<HttpCall>& router) {
  add([&router](const HttpCall& call) { return router.route(call); });
}

RouteResult Dispatcher::handle(const Request& req, const std::string& remote) {
  if (log_) {
    const std::string_view path = target_path(req.target());
    if (path != "/api/v1/test/requests") log_->record(req.method_string(), path);
  }
  RouteResult result = [&]() -> RouteResult {
    if (req.method() == http::verb::options) return cors_.preflight(req);
    const HttpCall call{req, remote, split_path(target_path(req.target()))};
    for (const auto& table : tables_) {
      if (auto answered = table(call)) return std::move(*answered);
    }
    return serve_static(static_root_, req);
  }();
  const std::string origin = cors_.allowed_origin(req);
  if (origin.empty()) return result;
  if (auto* res = std::get_if<Response>(&result)) Cors::expose(*res, origin);
  if (auto* later = std::get_if<Deferred>(&result)) {
    later->run = [run = std::move(later->run), origin](Reply reply) {
      run([reply = std::move(reply), origin](Response res) {
        Cors::expose(res, origin);
        reply(std::move(res));
      });
    };
  }
  return result;
}

}  // namespace hubd
