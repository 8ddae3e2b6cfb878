// Seed 004's backends: a debate simulator that plays a scripted debate through its phases at
// a human pace, audience interventions with a moderator's response, pause and resume, and
// the seed's own per-debate stream.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>

#include "domain/service.hpp"
#include "hub/publisher.hpp"
#include "hub/sse_dialect.hpp"
#include "hub/stream_gate.hpp"

namespace hubd {

// The script: who speaks in which phase, in order.
struct DebateTurn {
  const char* phase;
  const char* speaker;
  const char* line;  // "%s" is the topic
};
const std::vector<DebateTurn>& debate_script();

struct DebateOptions {
  std::int64_t heartbeat_ms = 15000;
  std::int64_t turn_ms = 1500;  // between utterances
};

class DebateService final : public DomainService {
 public:
  DebateService(Publisher& publisher, const Acl& acl, boost::asio::any_io_executor executor,
                StreamGate& gate, DebateOptions options);

  void add_routes(DomainRouter& routes) override;
  // Debates live only in memory: the data file holds none.
  void reset(const nlohmann::json& model) override;

 private:
  struct Debate {
    std::string id, workspace, topic, created_by;
    std::size_t turn = 0;  // the next turn of the script
    std::string phase = "setup";
    bool paused = false, complete = false;
    nlohmann::json utterances = nlohmann::json::array();
    boost::asio::steady_timer timer;
    explicit Debate(const boost::asio::any_io_executor& executor) : timer(executor) {}
  };

  nlohmann::json to_json(const Debate& d) const;
  void schedule(const std::shared_ptr<Debate>& debate);
  void step(Debate& debate);

  Response create(const ApiCall& call);
  Response list(const ApiCall& call);
  Response get(const ApiCall& call, const std::string& id);
  Response intervene(const ApiCall& call, const std::string& id);
  Response pause(const ApiCall& call, const std::string& id, bool paused);
  RouteResult stream(const ApiCall& call, const std::string& id);

  Publisher& publisher_;
  const Acl& acl_;
  boost::asio::any_io_executor executor_;
  StreamGate& gate_;
  DebateOptions options_;
  std::map<std::string, std::shared_ptr<Debate>> debates_;
  std::shared_ptr<const SseDialect> dialect_;
  std::uint64_t next_id_ = 0;
};

}  // namespace hubd
