// Seed 004's backends: a debate simulator that plays a scripted debate through its phases at
// a human pace, audience interventions with a moderator's response, pause and resume, and
// the seed's own per-debate stream.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>

#include "domain/call.hpp"
#include "hub/sse_dialect.hpp"

namespace hubd {

// The script: who speaks in which phase, in order.
struct DebateTurn {
  const char* phase;
  const char* speaker;
  const char* line;  // "%s" is the topic
};
const std::vector<DebateTurn>& debate_script();

class DebateService {
 public:
  explicit DebateService(App& app);

  void reset();
  std::optional<RouteResult> handle(const ApiCall& call);

 private:
  struct Debate {
    std::string id, workspace, topic, created_by;
    std::size_t turn = 0;  // the next turn of the script
    std::string phase = "setup";
    bool paused = false, complete = false;
    nlohmann::json utterances = nlohmann::json::array();
    boost::asio::steady_timer timer;
    explicit Debate(boost::asio::io_context& io) : timer(io) {}
  };

  nlohmann::json to_json(const Debate& d) const;
  Debate* debate_for(const Principal& who, const std::string& id);
  void schedule(const std::shared_ptr<Debate>& debate);
  void step(Debate& debate);

  Response create(const ApiCall& call);
  Response list(const ApiCall& call);
  Response get(const ApiCall& call, const std::string& id);
  Response intervene(const ApiCall& call, const std::string& id);
  Response pause(const ApiCall& call, const std::string& id, bool paused);
  RouteResult stream(const ApiCall& call, const std::string& id);

  App& app_;
  std::map<std::string, std::shared_ptr<Debate>> debates_;
  std::shared_ptr<const SseDialect> dialect_;
  std::uint64_t next_id_ = 0;
};

}  // namespace hubd
