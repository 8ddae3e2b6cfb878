#include "domain/projects.hpp"

#include "core/log.hpp"
#include "domain/unified_diff.hpp"

namespace hubd {

void ProjectsService::reset(const nlohmann::json& model) {
  for (auto& [doc, run] : runs_) run->timer.cancel();
  runs_.clear();
  projects_.clear();
  documents_.clear();
  sections_.clear();
  const std::int64_t now = now_ms();
  for (const auto& p : model.value("projects", nlohmann::json::array())) {
    Project project{p.at("id"),
                    p.at("workspace"),
                    p.value("name", ""),
                    "active",
                    p.value("status", "draft"),
                    1,
                    now,
                    "seed"};
    for (const auto& d : p.value("documents", nlohmann::json::array())) {
      Document doc{d.at("id"), project.workspace, project.id, d.value("name", ""), {}};
      for (const auto& s : d.value("sections", nlohmann::json::array())) {
        doc.sections.push_back(s.at("id"));
        sections_[s.at("id")] =
            Section{s.at("id"), project.workspace, doc.id, s.value("content", ""), 1, now, "seed"};
      }
      documents_[doc.id] = std::move(doc);
    }
    projects_[project.id] = std::move(project);
  }
}

nlohmann::json ProjectsService::to_json(const Project& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"state", p.state},
          {"status", p.status},
          {"version", p.version},
          {"updatedAt", iso8601(p.updated_at)},
          {"updatedBy", p.updated_by}};
}

nlohmann::json ProjectsService::to_json(const Section& s) {
  return {
      {"id", s.id},           {"documentId", s.document_id},        {"content", s.content},
      {"version", s.version}, {"updatedAt", iso8601(s.updated_at)}, {"updatedBy", s.updated_by}};
}

nlohmann::json ProjectsService::to_json(const Document& d) const {
  return {{"id", d.id}, {"projectId", d.project_id}, {"name", d.name}, {"sections", d.sections}};
}

std::optional<RouteResult> ProjectsService::handle(const ApiCall& call) {
  using V = http::verb;
  const auto m = call.method();
  const auto& s = call.segs;
  if (call.is({"projects"})) return m == V::get ? list_projects(call) : method_not_allowed("GET");
  if (call.is({"projects", "*"}))
    return m == V::get ? get_project(call, s[1]) : method_not_allowed("GET");
  if (call.is({"projects", "*", "*"}) &&
      (s[2] == "archive" || s[2] == "restore" || s[2] == "status")) {
    return m == V::post ? change_project(call, s[1], s[2]) : method_not_allowed("POST");
  }
  if (call.is({"documents", "*"}))
    return m == V::get ? get_document(call, s[1]) : method_not_allowed("GET");
  if (call.is({"documents", "*", "quality-gate"}))
    return m == V::post ? start_gate(call, s[1]) : method_not_allowed("POST");
  if (call.is({"documents", "*", "quality-gate", "latest"}))
    return m == V::get ? latest_gate(call, s[1]) : method_not_allowed("GET");
  if (call.is({"sections", "*"})) {
    if (m == V::get) return get_section(call, s[1]);
    if (m == V::put) return save_section(call, s[1]);
    return method_not_allowed("GET, PUT");
  }
  return std::nullopt;
}

Response ProjectsService::list_projects(const ApiCall& call) {
  Response error;
  const Principal* who = need_read(call, app_.acl(), "project.lifecycle", error);
  if (!who) return error;
  auto items = nlohmann::json::array();
  for (const auto& [id, p] : projects_) {
    if (p.workspace == who->workspace) items.push_back(to_json(p));
  }
  return json_response(http::status::ok, {{"items", items}});
}

Response ProjectsService::get_project(const ApiCall& call, const std::string& id) {
  Response error;
  const Principal* who = need_read(call, app_.acl(), "project.lifecycle", error);
  if (!who) return error;
  auto it = projects_.find(id);
  if (it == projects_.end() || it->second.workspace != who->workspace)
    return not_found("project", id);
  return json_response(http::status::ok, to_json(it->second));
}

Response ProjectsService::change_project(const ApiCall& call, const std::string& id,
                                         const std::string& action) {
  Response error;
  const Principal* who = need_write(call, app_.acl(), "project.lifecycle", error);
  if (!who) return error;
  auto it = projects_.find(id);
  if (it == projects_.end() || it->second.workspace != who->workspace)
    return not_found("project", id);
  Project& p = it->second;
  if (action == "status") {
    auto body = json_body(call.req, error);
    if (!body) return error;
    auto status = clean_text(*body, "status", 64);
    if (!status) return bad_request("invalid_status", "status must be a non-empty string");
    p.status = *status;
  } else {
    const std::string target = action == "archive" ? "archived" : "active";
    if (p.state == target) {
      return error_response(409, "invalid_state", "project " + id + " is already " + target);
    }
    p.state = target;
  }
  ++p.version;
  p.updated_at = call.now_ms;
  p.updated_by = who->user;
  const auto payload = to_json(p);
  app_.emit(p.workspace, "project.lifecycle", p.id, payload);
  return json_response(http::status::ok, payload);
}

Response ProjectsService::get_document(const ApiCall& call, const std::string& id) {
  Response error;
  const Principal* who = need_read(call, app_.acl(), "project.lifecycle", error);
  if (!who) return error;
  auto it = documents_.find(id);
  if (it == documents_.end() || it->second.workspace != who->workspace)
    return not_found("document", id);
  return json_response(http::status::ok, to_json(it->second));
}

Response ProjectsService::start_gate(const ApiCall& call, const std::string& document_id) {
  Response error;
  const Principal* who = need_write(call, app_.acl(), "quality-gate.progress", error);
  if (!who) return error;
  auto doc = documents_.find(document_id);
  if (doc == documents_.end() || doc->second.workspace != who->workspace)
    return not_found("document", document_id);
  if (auto it = runs_.find(document_id); it != runs_.end() && it->second->summary.is_null()) {
    return error_response(409, "run_in_progress",
                          "quality gate run " + it->second->id + " is still running");
  }
  auto run = std::make_shared<GateRun>(app_.io());
  run->id = "run-" + std::to_string(++next_run_);
  run->document_id = document_id;
  run->workspace = who->workspace;
  if (auto old = runs_.find(document_id); old != runs_.end()) old->second->timer.cancel();
  runs_[document_id] = run;
  log_line("info", "quality_gate_start",
           {{"run", run->id}, {"document", document_id}, {"user", who->user}});
  gate_progress(*run, "running");
  schedule(run);
  return json_response(http::status::ok, {{"runId", run->id}, {"documentId", document_id}});
}

void ProjectsService::gate_progress(GateRun& run, const std::string& status) {
  const auto& stages = gate_stages();
  const std::size_t done = run.stage + (status == "running" ? 0 : 1);
  nlohmann::json progress = {{"runId", run.id},
                             {"documentId", run.document_id},
                             {"stage", stages[run.stage]},
                             {"stageIndex", run.stage},
                             {"stageCount", stages.size()},
                             {"status", status},
                             {"percent", done * 100 / stages.size()}};
  if (run.stage < run.stages.size()) {
    run.stages[run.stage] = progress;
  } else {
    run.stages.push_back(progress);
  }
  app_.emit(run.workspace, "quality-gate.progress", run.document_id, progress);
}

void ProjectsService::schedule(const std::shared_ptr<GateRun>& run) {
  run->timer.expires_after(std::chrono::milliseconds(app_.config().gate_stage_ms));
  run->timer.async_wait(
      [this, weak = std::weak_ptr<GateRun>(run)](const boost::system::error_code& ec) {
        auto live = weak.lock();
        if (ec || !live) return;
        gate_step(live);
      });
}

void ProjectsService::gate_step(const std::shared_ptr<GateRun>& run) {
  const auto& stages = gate_stages();
  std::vector<SectionText> texts;
  if (auto doc = documents_.find(run->document_id); doc != documents_.end()) {
    for (const auto& sid : doc->second.sections) texts.push_back({sid, sections_[sid].content});
  }
  const auto found = stage_blockers(stages[run->stage], texts);
  for (const auto& message : found) {
    run->blockers.push_back({{"stage", stages[run->stage]}, {"message", message}});
  }
  gate_progress(*run, found.empty() ? "passed" : "failed");
  if (run->stage + 1 < stages.size()) {
    ++run->stage;
    gate_progress(*run, "running");
    schedule(run);
    return;
  }
  run->summary = {{"runId", run->id},
                  {"documentId", run->document_id},
                  {"passed", run->blockers.empty()},
                  {"blockers", run->blockers}};
  app_.emit(run->workspace, "quality-gate.summary", run->document_id, run->summary);
}

Response ProjectsService::latest_gate(const ApiCall& call, const std::string& document_id) {
  Response error;
  const Principal* who = need_read(call, app_.acl(), "quality-gate.progress", error);
  if (!who) return error;
  auto doc = documents_.find(document_id);
  if (doc == documents_.end() || doc->second.workspace != who->workspace)
    return not_found("document", document_id);
  auto it = runs_.find(document_id);
  if (it == runs_.end()) return error_response(404, "no_run", "no quality gate run yet");
  const GateRun& run = *it->second;
  return json_response(http::status::ok, {{"runId", run.id},
                                          {"documentId", run.document_id},
                                          {"stages", run.stages},
                                          {"summary", run.summary}});
}

Response ProjectsService::get_section(const ApiCall& call, const std::string& id) {
  Response error;
  const Principal* who = need_read(call, app_.acl(), "section.conflict", error);
  if (!who) return error;
  auto it = sections_.find(id);
  if (it == sections_.end() || it->second.workspace != who->workspace)
    return not_found("section", id);
  return json_response(http::status::ok, to_json(it->second));
}

Response ProjectsService::save_section(const ApiCall& call, const std::string& id) {
  Response error;
  const Principal* who = need_write(call, app_.acl(), "section.conflict", error);
  if (!who) return error;
  auto it = sections_.find(id);
  if (it == sections_.end() || it->second.workspace != who->workspace)
    return not_found("section", id);
  auto body = json_body(call.req, error);
  if (!body) return error;
  auto content = body->find("content");
  auto base = body->find("baseVersion");
  if (content == body->end() || !content->is_string())
    return bad_request("invalid_content", "content must be a string");
  if (base == body->end() || !base->is_number_integer() || base->get<std::int64_t>() < 0)
    return bad_request("invalid_base_version", "baseVersion must be a non-negative integer");
  std::string text = clean_text(*body, "content", 32 * 1024, true).value_or("");
  Section& s = it->second;
  const std::int64_t base_version = base->get<std::int64_t>();
  if (base_version != s.version) {
    app_.emit(s.workspace, "section.conflict", s.id,
              {{"sectionId", s.id},
               {"attemptedBy", who->user},
               {"baseVersion", base_version},
               {"latestVersion", s.version},
               {"latestBy", s.updated_by}});
    const std::string diff =
        unified_diff(s.content, text, s.id + "@v" + std::to_string(s.version) + " (latest)",
                     s.id + "@v" + std::to_string(base_version) + "+" + who->user + " (attempted)");
    app_.emit(s.workspace, "section.diff", s.id,
              {{"sectionId", s.id},
               {"baseVersion", base_version},
               {"latestVersion", s.version},
               {"diff", diff},
               {"latestContent", s.content}});
    return json_response(
        http::status::conflict,
        {{"error",
          {{"code", "version_conflict"},
           {"message", "section " + s.id + " is at version " + std::to_string(s.version) +
                           ", not " + std::to_string(base_version)}}},
         {"latest", to_json(s)}});
  }
  s.content = std::move(text);
  ++s.version;
  s.updated_at = call.now_ms;
  s.updated_by = who->user;
  return json_response(http::status::ok, to_json(s));
}

}  // namespace hubd
