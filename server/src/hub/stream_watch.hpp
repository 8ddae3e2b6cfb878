// What the rest of hubd may learn about streams without holding one: each open and close
// (chat presence, a product counting its own streams), and the start of a drain.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "auth/acl.hpp"
#include "hub/sse_dialect.hpp"

namespace hubd {

struct StreamInfo {
  std::string id;
  Principal principal;  // empty user: an anonymous (public) stream
  Scope scope;
  Grant grant;
  std::shared_ptr<const SseDialect> dialect;  // null: hub protocol v1
};

class StreamWatch {
 public:
  using Hook = std::function<void(const StreamInfo& stream)>;

  virtual ~StreamWatch() = default;
  // After a stream opened (its first frames queued), and after one closed.
  virtual void on_open(Hook hook) = 0;
  virtual void on_close(Hook hook) = 0;
  // When the hub starts draining, while the streams can still carry events.
  virtual void on_drain(std::function<void()> hook) = 0;
  virtual std::size_t open_streams() const = 0;
};

}  // namespace hubd
