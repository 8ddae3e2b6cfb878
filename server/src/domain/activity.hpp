// Seed 002's backends: the workspace activity log and per-user notifications (urgent types,
// grouping keys, mark-as-read with a confirmation event), and the seed's own plain stream.
#pragma once

#include <deque>
#include <map>

#include "domain/service.hpp"
#include "hub/faults.hpp"
#include "hub/publisher.hpp"
#include "hub/sse_dialect.hpp"
#include "hub/stream_gate.hpp"

namespace hubd {

class ActivityService final : public DomainService {
 public:
  // `faults`: test mode's failMutations makes mark-as-read fail.
  ActivityService(Publisher& publisher, const Acl& acl, StreamGate& gate, const Faults& faults,
                  std::int64_t ping_ms);

  void add_routes(DomainRouter& routes) override;
  void reset(const nlohmann::json& model) override;

 private:
  struct Notification {
    std::string workspace, user;
    nlohmann::json item;
  };

  Response list_activity(const ApiCall& call);
  Response add_activity(const ApiCall& call);
  Response list_notifications(const ApiCall& call);
  Response add_notification(const ApiCall& call);
  Response mark_read(const ApiCall& call, const std::string& id);
  RouteResult stream(const ApiCall& call);

  nlohmann::json append_activity(const std::string& workspace, const std::string& type,
                                 const std::string& actor, const std::string& message,
                                 std::int64_t at);
  nlohmann::json append_notification(const std::string& workspace, const nlohmann::json& fields,
                                     std::int64_t at);
  std::size_t unread(const std::string& user) const;

  Publisher& publisher_;
  const Acl& acl_;
  StreamGate& gate_;
  const Faults& faults_;
  std::map<std::string, std::deque<nlohmann::json>> activity_;  // by workspace, newest first
  std::map<std::uint64_t, Notification> notifications_;         // by the number in "n-<number>"
  std::shared_ptr<const SseDialect> dialect_;
  std::uint64_t next_id_ = 0;
};

}  // namespace hubd
