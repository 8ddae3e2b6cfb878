// A seed product's backend as the wiring sees it: the routes it answers and a reset to the
// data file's state. Each service gets what it uses through its constructor (a Publisher,
// the read-only Acl, an executor for its timers, its settings) and never the server.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/call.hpp"

namespace hubd {

class DomainService {
 public:
  virtual ~DomainService() = default;
  virtual void add_routes(DomainRouter& routes) = 0;
  // Back to `model`'s initial state: at start, and on the test-mode reset fault.
  virtual void reset(const nlohmann::json& model) = 0;
};

}  // namespace hubd
