#include "domain/debates.hpp"

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

DebateService::DebateService(App& app)
    : app_(app),
      dialect_(std::make_shared<const SseDialect>(
          "debate",
          std::map<std::string, std::string>{{"debate.utterance", "utterance"},
                                             {"debate.phase_transition", "phase_transition"},
                                             {"debate.intervention", "intervention_response"},
                                             {"debate.pause", "pause"},
                                             {"debate.resume", "resume"},
                                             {"debate.complete", "complete"}},
          ":heartbeat\n\n", app.config().heartbeat_interval, true)) {}

void DebateService::reset() {
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

DebateService::Debate* DebateService::debate_for(const Principal& who, const std::string& id) {
  auto it = debates_.find(id);
  return it == debates_.end() || it->second->workspace != who.workspace ? nullptr
                                                                        : it->second.get();
}

std::optional<RouteResult> DebateService::handle(const ApiCall& call) {
  using V = http::verb;
  const auto m = call.method();
  const auto& s = call.segs;
  if (call.is({"debates"})) {
    if (m == V::get) return list(call);
    if (m == V::post) return create(call);
    return method_not_allowed("GET, POST");
  }
  if (call.is({"debates", "*"})) return m == V::get ? get(call, s[1]) : method_not_allowed("GET");
  if (call.is({"debates", "*", "stream"}))
    return m == V::get ? stream(call, s[1]) : method_not_allowed("GET");
  if (call.is({"debates", "*", "interventions"}))
    return m == V::post ? intervene(call, s[1]) : method_not_allowed("POST");
  if (call.is({"debates", "*", "pause"}) || call.is({"debates", "*", "resume"}))
    return m == V::post ? pause(call, s[1], s[2] == "pause") : method_not_allowed("POST");
  return std::nullopt;
}

Response DebateService::create(const ApiCall& call) {
  Response error;
  const Principal* who = need_write(call, app_.acl(), "debate.utterance", error);
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
  auto debate = std::make_shared<Debate>(app_.io());
  debate->id = "deb-" + std::to_string(++next_id_);
  debate->workspace = who->workspace;
  debate->topic = std::move(*topic);
  debate->created_by = who->user;
  debates_[debate->id] = debate;
  schedule(debate);
  return json_response(http::status::created, {{"id", debate->id}});
}

void DebateService::schedule(const std::shared_ptr<Debate>& debate) {
  debate->timer.expires_after(std::chrono::milliseconds(app_.config().debate_turn_ms));
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
    app_.emit(d.workspace, "debate.phase_transition", d.id,
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
  app_.emit(d.workspace, "debate.utterance", d.id, std::move(utterance));
  if (++d.turn < debate_script().size()) return;
  app_.emit(d.workspace, "debate.phase_transition", d.id,
            {{"debateId", d.id}, {"from", d.phase}, {"to", "complete"}});
  d.phase = "complete";
  d.complete = true;
  d.turn = debate_script().size() - 1;
  app_.emit(d.workspace, "debate.complete", d.id,
            {{"debateId", d.id}, {"utterances", d.utterances.size()}});
}

Response DebateService::list(const ApiCall& call) {
  Response error;
  const Principal* who = need_read(call, app_.acl(), "debate.utterance", error);
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
  const Principal* who = need_read(call, app_.acl(), "debate.utterance", error);
  if (!who) return error;
  Debate* d = debate_for(*who, id);
  if (!d) return not_found("debate", id);
  return json_response(http::status::ok, to_json(*d));
}

Response DebateService::intervene(const ApiCall& call, const std::string& id) {
  Response error;
  const Principal* who = need_write(call, app_.acl(), "debate.intervention", error);
  if (!who) return error;
  Debate* d = debate_for(*who, id);
  if (!d) return not_found("debate", id);
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
  app_.emit(d->workspace, "debate.intervention", id, payload);
  return json_response(http::status::ok, payload);
}

Response DebateService::pause(const ApiCall& call, const std::string& id, bool paused) {
  Response error;
  const Principal* who = need_write(call, app_.acl(), "debate.utterance", error);
  if (!who) return error;
  Debate* d = debate_for(*who, id);
  if (!d) return not_found("debate", id);
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
  app_.emit(d->workspace, paused ? "debate.pause" : "debate.resume", id, payload);
  return json_response(http::status::ok, to_json(*d));
}

RouteResult DebateService::stream(const ApiCall& call, const std::string& id) {
  if (!call.who) return call.auth_error;
  const Principal& who = *call.who;
  Debate* d = debate_for(who, id);
  if (!d) return not_found("debate", id);
  Grant grant{who.workspace, {}, std::unordered_set<std::string>{id}};
  for (const auto& topic : kTopics) {
    if (app_.acl().has_topic(topic) && app_.acl().may_read(who.role, topic))
      grant.topics.push_back(topic);
  }
  if (grant.topics.empty())
    return error_response(403, "forbidden", "role " + who.role + " may not read debates");
  const nlohmann::json connected = {
      {"debateId", id}, {"phase", d->phase}, {"complete", d->complete}, {"paused", d->paused}};
  return app_.admit_plain(
      call.req, &who, std::move(grant), dialect_,
      {std::make_shared<const std::string>(format_event("", "connected", connected.dump()))});
}

}  // namespace hubd
