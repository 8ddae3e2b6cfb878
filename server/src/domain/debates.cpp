#include "domain/debates.hpp"

#include "core/clock.hpp"
#include "net/sse.hpp"

namespace hubd {
namespace {

constexpr std::size_t kDebatesKept = 100;  // per hub; the oldest finished ones go first
const std::vector<std::string> kTopics = {"debate.utterance",    "debate.phase_transition",
                                          "debate.intervention", "debate.pause",
                                          "debate.resume",       "debate.complete"};

std::string fill(const char* line, const std::string& topic) {
  std::string out(line);
  if (auto at = out.find("%s"); at != std::string::npos) out.replace(at, 2, topic);
  return out;
}

}  // namespace

const std::vector<DebateTurn>& debate_script() {
  static const std::vector<DebateTurn> script = {
      {"opening", "pro", "Thank you. I will argue that %s, and the evidence is on my side."},
      {"opening", "con", "I will show that the case for %s does not survive scrutiny."},
      {"rebuttal", "con", "My opponent's evidence is selective; the costs are ignored."},
      {"rebuttal", "pro", "The costs are real but smaller than the cost of doing nothing."},
      {"cross_examination", "pro", "Can you name one study that contradicts our main source?"},
      {"cross_examination", "con", "Several, and your source's sample is far too small."},
      {"closing", "con", "The burden of proof was not met on %s."},
      {"closing", "pro", "Weigh the outcomes, not the rhetoric: %s."},
  };
  return script;
}

DebateService::DebateService(Publisher& publisher, const Acl& acl,
                             boost::asio::any_io_executor executor, StreamGate& gate,
                             DebateOptions options)
    : publisher_(publisher),
      acl_(acl),
      executor_(std::move(executor)),
      gate_(gate),
      options_(options),
      dialect_(std::make_shared<const SseDialect>(
          "debate",
          std::map<std::string, std::string>{{"debate.utterance", "utterance"},
                                             {"debate.phase_transition", "phase_transition"},
                                             {"debate.intervention", "intervention_response"},
                                             {"debate.pause", "pause"},
                                             {"debate.resume", "resume"},
                                             {"debate.complete", "complete"}},
          ":heartbeat\n\n", options.heartbeat_ms, true)) {}

void DebateService::reset(const nlohmann::json&) {
  for (auto& [id, d] : debates_) d->timer.cancel();
  debates_.clear();
}

nlohmann::json DebateService::to_json(const Debate& d) const {
  const auto& script = debate_script();
  return {
      {"id", d.id},
      {"topic", d.topic},
      {"phase", d.phase},
      {"speaker", d.complete ? nlohmann::json(nullptr) : nlohmann::json(script[d.turn].speaker)},
      {"paused", d.paused},
      {"utterances", d.utterances},
      {"complete", d.complete}};
}

void DebateService::add_routes(DomainRouter& routes) {
  using V = http::verb;
  routes.add(V::get, "debates", [this](const ApiCall& c) { return list(c); });
  routes.add(V::post, "debates", [this](const ApiCall& c) { return create(c); });
  routes.add(V::get, "debates/*", [this](const ApiCall& c) { return get(c, c.segs[1]); });
  routes.add(V::get, "debates/*/stream", [this](const ApiCall& c) { return stream(c, c.segs[1]); });
  routes.add(V::post, "debates/*/interventions",
             [this](const ApiCall& c) { return intervene(c, c.segs[1]); });
  routes.add(V::post, "debates/*/pause",
             [this](const ApiCall& c) { return pause(c, c.segs[1], true); });
  routes.add(V::post, "debates/*/resume",
             [this](const ApiCall& c) { return pause(c, c.segs[1], false); });
}

Response DebateService::create(const ApiCall& call) {
  Response error;
  const Principal* who = need_write(call, acl_, "debate.utterance", error);
  if (!who) return error;
  auto body = json_body(call.req, error);
  if (!body) return error;
  auto topic = clean_text(*body, "topic", 200);
  if (!topic) return bad_request("invalid_topic", "topic must be a non-empty string");
  if (debates_.size() >= kDebatesKept) {
    auto done = std::find_if(debates_.begin(), debates_.end(),
                             [](const auto& kv) { return kv.second->complete; });
    if (done == debates_.end())
      return error_response(409, "too_many_debates", "too many debates are running");
    debates_.erase(done);
  }
  auto debate = std::make_shared<Debate>(executor_);
  debate->id = "deb-" + std::to_string(++next_id_);
  debate->workspace = who->workspace;
  debate->topic = std::move(*topic);
  debate->created_by = who->user;
  debates_[debate->id] = debate;
  schedule(debate);
  return json_response(http::status::created, {{"id", debate->id}});
}

void DebateService::schedule(const std::shared_ptr<Debate>& debate) {
  debate->timer.expires_after(std::chrono::milliseconds(options_.turn_ms));
  debate->timer.async_wait(
      [this, weak = std::weak_ptr<Debate>(debate)](const boost::system::error_code& ec) {
        auto live = weak.lock();
        if (ec || !live || live->paused) return;
        step(*live);
        if (!live->complete) schedule(live);
      });
}

void DebateService::step(Debate& d) {
  const auto& turn = debate_script()[d.turn];
  if (d.phase != turn.phase) {
    publisher_.emit(d.workspace, "debate.phase_transition", d.id,
                    {{"debateId", d.id}, {"from", d.phase}, {"to", turn.phase}});
    d.phase = turn.phase;
  }
  nlohmann::json utterance = {{"debateId", d.id},
                              {"index", d.turn},
                              {"speaker", turn.speaker},
                              {"phase", turn.phase},
                              {"text", fill(turn.line, d.topic)},
                              {"at", iso8601(now_ms())}};
  d.utterances.push_back(utterance);
  publisher_.emit(d.workspace, "debate.utterance", d.id, std::move(utterance));
  if (++d.turn < debate_script().size()) return;
  publisher_.emit(d.workspace, "debate.phase_transition", d.id,
                  {{"debateId", d.id}, {"from", d.phase}, {"to", "complete"}});
  d.phase = "complete";
  d.complete = true;
  d.turn = debate_script().size() - 1;
  publisher_.emit(d.workspace, "debate.complete", d.id,
                  {{"debateId", d.id}, {"utterances", d.utterances.size()}});
}

Response DebateService::list(const ApiCall& call) {
  Response error;
  const Principal* who = need_read(call, acl_, "debate.utterance", error);
  if (!who) return error;
  auto items = nlohmann::json::array();
  for (const auto& [id, d] : debates_) {
    if (d->workspace == who->workspace)
      items.push_back(
          {{"id", d->id}, {"topic", d->topic}, {"phase", d->phase}, {"complete", d->complete}});
  }
  return json_response(http::status::ok, {{"items", items}});
}

Response DebateService::get(const ApiCall& call, const std::string& id) {
  Response error;
  const Principal* who = need_read(call, acl_, "debate.utterance", error);
  if (!who) return error;
  Debate* d = owned(debates_, id, *who, "debate", error);
  if (!d) return error;
  return json_response(http::status::ok, to_json(*d));
}

Response DebateService::intervene(const ApiCall& call, const std::string& id) {
  Response error;
  const Principal* who = need_write(call, acl_, "debate.intervention", error);
  if (!who) return error;
  Debate* d = owned(debates_, id, *who, "debate", error);
  if (!d) return error;
  if (d->complete) return error_response(409, "debate_complete", "debate " + id + " is over");
  auto body = json_body(call.req, error);
  if (!body) return error;
  auto text = clean_text(*body, "text", 500);
  if (!text) return bad_request("invalid_text", "text must be a non-empty string");
  nlohmann::json payload = {
      {"debateId", id},
      {"userId", who->user},
      {"text", *text},
      {"response", std::string("Moderator: noted. The ") + debate_script()[d->turn].speaker +
                       " side will address it in the " + d->phase + " phase."}};
  publisher_.emit(d->workspace, "debate.intervention", id, payload);
  return json_response(http::status::ok, payload);
}

Response DebateService::pause(const ApiCall& call, const std::string& id, bool paused) {
  Response error;
  const Principal* who = need_write(call, acl_, "debate.utterance", error);
  if (!who) return error;
  Debate* d = owned(debates_, id, *who, "debate", error);
  if (!d) return error;
  if (d->complete) return error_response(409, "debate_complete", "debate " + id + " is over");
  if (d->paused == paused)
    return error_response(409, "invalid_state",
                          "debate " + id + " is already " + (paused ? "paused" : "running"));
  d->paused = paused;
  if (paused) {
    d->timer.cancel();
  } else {
    schedule(debates_.at(id));
  }
  nlohmann::json payload = {{"debateId", id}, {"phase", d->phase}, {"by", who->user}};
  publisher_.emit(d->workspace, paused ? "debate.pause" : "debate.resume", id, payload);
  return json_response(http::status::ok, to_json(*d));
}

RouteResult DebateService::stream(const ApiCall& call, const std::string& id) {
  if (!call.who) return call.auth_error;
  const Principal& who = *call.who;
  Response error;
  Debate* d = owned(debates_, id, who, "debate", error);
  if (!d) return error;
  Grant grant{who.workspace, {}, std::unordered_set<std::string>{id}};
  for (const auto& topic : kTopics) {
    if (acl_.has_topic(topic) && acl_.may_read(who.role, topic)) grant.topics.push_back(topic);
  }
  if (grant.topics.empty())
    return error_response(403, "forbidden", "role " + who.role + " may not read debates");
  const nlohmann::json connected = {
      {"debateId", id}, {"phase", d->phase}, {"complete", d->complete}, {"paused", d->paused}};
  return gate_.admit(
      call.req, &who, std::move(grant), dialect_,
      {std::make_shared<const std::string>(format_event("", "connected", connected.dump()))});
}

}  // namespace hubd
