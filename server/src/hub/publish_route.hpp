// POST /api/v1/publish: how backends holding the publisher token publish.
#pragma once

#include <string>

#include "auth/acl.hpp"
#include "hub/metrics.hpp"
#include "hub/publisher.hpp"
#include "net/router.hpp"

namespace hubd {

// 404 while `token` is empty.
void add_publish_route(Router<HttpCall>& routes, Publisher& publisher, const Acl& acl,
                       Metrics& metrics, std::string token);

}  // namespace hubd
