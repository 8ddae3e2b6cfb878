// Route tables: method + path pattern → handler. A pattern is a '/'-separated list of
// segments, "*" matching any one. A path whose pattern is routed under other methods only is
// answered 405, its `Allow` listing them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http.hpp"
#include "net/responses.hpp"

namespace hubd {

// "/a/b" and "a/b" → {"a", "b"}; "/" → {""}. Nothing is decoded.
std::vector<std::string> split_path(std::string_view path);

bool segments_match(const std::vector<std::string>& pattern, const std::vector<std::string>& segs);

// "GET, POST[, <also>]": each method once, in the order given.
std::string allow_header(const std::vector<http::verb>& methods, const std::string& also);

// A top-level request: its raw path in segments (percent-escapes kept), and who sent it.
struct HttpCall {
  const Request& req;
  const std::string& remote;
  std::vector<std::string> segs;

  http::verb method() const { return req.method(); }
};

// `Call` has `segs` and `method()`: HttpCall here, a product's decoded ApiCall in domain/.
template <class Call>
class Router {
 public:
  using Handler = std::function<RouteResult(const Call&)>;
  // Registered under this method, a handler answers every method (e.g. a disabled endpoint's
  // 404, whatever the method).
  static constexpr http::verb kAnyMethod = http::verb::unknown;

  // `also_allowed` ends every `Allow` of this table, e.g. "OPTIONS" where preflights answer.
  explicit Router(std::string also_allowed = {}) : also_allowed_(std::move(also_allowed)) {}

  Router& add(http::verb method, std::string_view pattern, Handler handler) {
    routes_.push_back({method, split_path(pattern), std::move(handler)});
    return *this;
  }

  // The first route matching the call's path and method; 405 when only other methods are
  // routed on its path; nullopt when its path is not routed at all.
  std::optional<RouteResult> route(const Call& call) const {
    std::vector<http::verb> allowed;
    for (const auto& r : routes_) {
      if (!segments_match(r.pattern, call.segs)) continue;
      if (r.method == kAnyMethod || r.method == call.method()) return r.handler(call);
      allowed.push_back(r.method);
    }
    if (allowed.empty()) return std::nullopt;
    return method_not_allowed(allow_header(allowed, also_allowed_));
  }

 private:
  struct Route {
    http::verb method;
    std::vector<std::string> pattern;
    Handler handler;
  };
  std::vector<Route> routes_;
  std::string also_allowed_;
};

}  // namespace hubd
