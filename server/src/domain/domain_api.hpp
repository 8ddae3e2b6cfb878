// /api/<product>/...: the path decoded into segments, the caller authenticated, one table of
// every product's routes; and POST /api/v1/test/act, which calls them as another user.
#pragma once

#include <optional>

#include "auth/authenticator.hpp"
#include "domain/call.hpp"
#include "hub/metrics.hpp"
#include "net/router.hpp"

namespace hubd {

class DomainApi {
 public:
  DomainApi(const Authenticator& auth, const Acl& acl, Metrics& metrics)
      : auth_(auth), acl_(acl), metrics_(metrics) {}

  DomainRouter& routes() { return routes_; }

  // Any path under /api/ (404 when no product routes it); nullopt for other paths.
  std::optional<RouteResult> route(const HttpCall& call) const;
  // POST /api/v1/test/act (test mode or dev login; 404 otherwise).
  void add_act_route(Router<HttpCall>& routes, bool enabled) const;

 private:
  std::optional<RouteResult> dispatch(const Request& req,
                                      const std::optional<Principal>& acting) const;
  Response act(const Request& req) const;

  const Authenticator& auth_;
  const Acl& acl_;
  Metrics& metrics_;
  DomainRouter routes_;
};

}  // namespace hubd
