// One request, one result: a CORS preflight for OPTIONS, else the first route table that
// answers, else a static file. Responses to an allowed origin carry its CORS headers.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "net/cors.hpp"
#include "net/http_session.hpp"
#include "net/request_log.hpp"
#include "net/router.hpp"

namespace hubd {

class Dispatcher final : public HttpService {
 public:
  using Routes = std::function<std::optional<RouteResult>(const HttpCall&)>;

  // `closing`: whether responses end their connection (the hub is draining).
  Dispatcher(const Cors& cors, std::string static_root, std::function<bool()> closing);

  // Route tables are asked in the order they are added; nullopt passes to the next.
  void add(Routes routes);
  void add(const Router<HttpCall>& router);

  // Test mode: every request but the log's own reading is recorded in `log`.
  void log_requests(RequestLog* log) { log_ = log; }

  RouteResult handle(const Request& req, const std::string& remote) override;
  bool closing() const override { return closing_(); }

 private:
  const Cors& cors_;
  std::string static_root_;
  std::function<bool()> closing_;
  std::vector<Routes> tables_;
  RequestLog* log_ = nullptr;
};

}  // namespace hubd
