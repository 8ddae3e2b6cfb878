// Stream admission as the seed products' own stream endpoints see it: the same refusals and
// limits as the hub's stream, for a grant and dialect the product decides.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/acl.hpp"
#include "hub/sse_dialect.hpp"
#include "net/http.hpp"

namespace hubd {

// A stream request that passed every check; it opens once the connection hands its socket.
struct StreamAccept {
  Principal principal;
  Scope scope;
  Grant grant;
  std::optional<std::uint64_t> last_event_id;
  std::string cors_origin;  // echoed in Access-Control-Allow-Origin when allowed
  // Set for a seed product's plain SSE stream: its dialect and the frames it starts with.
  std::shared_ptr<const SseDialect> dialect;
  std::vector<Frame> initial;
};

class StreamGate {
 public:
  virtual ~StreamGate() = default;
  // A refusal (draining, a test fault, a connection limit) or the stream. `who` null: an
  // anonymous (public) stream.
  virtual RouteResult admit(const Request& req, const Principal* who, Grant grant,
                            std::shared_ptr<const SseDialect> dialect,
                            std::vector<Frame> initial) = 0;
};

}  // namespace hubd
