#include "domain/projects.hpp"

#include "core/clock.hpp"
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

void ProjectsService::add_routes(DomainRouter& routes) {
  using V = http::verb;
  routes.add(V::get, "projects", [this](const ApiCall& c) { return list_projects(c); });
  routes.add(V::get, "projects/*", [this](const ApiCall& c) { return get_project(c, c.segs[1]); });
  for (const std::string action : {"archive", "restore", "status"}) {
    routes.add(V::post, "projects/*/" + action,
               [this, action](const ApiCall& c) { return change_project(c, c.segs[1], action); });
  }
  routes.add(V::get, "documents/*",
             [this](const ApiCall& c) { return get_document(c, c.segs[1]); });
  routes.add(V::post, "documents/*/quality-gate",
             [this](const ApiCall& c) { return start_gate(c, c.segs[1]); });
  routes.add(V::get, "documents/*/quality-gate/latest",
             [this](const ApiCall& c) { return latest_gate(c, c.segs[1]); });
  routes.add(V::get, "sections/*", [this](const ApiCall& c) { return get_section(c, c.segs[1]); });
  routes.add(V::put, "sections/*", [this](const ApiCall& c) { return save_section(c, c.segs[1]); });
}

Response ProjectsService::list_projects(const ApiCall& call) {
  Response error;
  const Principal* who = need_read(call, acl_, "project.lifecycle", error);
  if (!who) return error;
  auto items = nlohmann::json::array();
  for (const auto& [id, p] : projects_) {
    if (p.workspace == who->workspace) items.push_back(to_json(p));
  }
  return json_response(http::status::ok, {{"items", items}});
}

Response ProjectsService::get_project(const ApiCall& call, const std::string& id) {
  Response error;
  const Principal* who = need_read(call, acl_, "project.lifecycle", error);
  if (!who) return error;
  const Project* p = owned(projects_, id, *who, "project", error);
  if (!p) return error;
  return json_response(http::status::ok, to_json(*p));
}

Response ProjectsService::change_project(const ApiCall& call, const std::string& id,
                                         const std::string& action) {
  Response error;
  const Principal* who = need_write(call, acl_, "project.lifecycle", error);
  if (!who) return error;
  Project* project = owned(projects_, id, *who, "project", error);
  if (!project) return error;
  Project& p = *project;
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
  publisher_.emit(p.workspace, "project.lifecycle", p.id, payload);
  return json_response(http::status::ok, payload);
}

Response ProjectsService::get_document(const ApiCall& call, const std::string& id) {
  Response error;
  const Principal* who = need_read(call, acl_, "project.lifecycle", error);
  if (!who) return error;
  const Document* doc = owned(documents_, id, *who, "document", error);
  if (!doc) return error;
  return json_response(http::status::ok, to_json(*doc));
}

Response ProjectsService::start_gate(const ApiCall& call, const std::string& document_id) {
  Response error;
  const Principal* who = need_write(call, acl_, "quality-gate.progress", error);
  if (!who) return error;
  if (!owned(documents_, document_id, *who, "document", error)) return error;
  if (auto it = runs_.find(document_id); it != runs_.end() && it->second->summary.is_null()) {
    return error_response(409, "run_in_progress",
                          "quality gate run " + it->second->id + " is still running");
  }
  auto run = std::make_shared<GateRun>(executor_);
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
  publisher_.emit(run.workspace, "quality-gate.progress", run.document_id, progress);
}

void ProjectsService::schedule(const std::shared_ptr<GateRun>& run) {
  run->timer.expires_after(std::chrono::milliseconds(gate_stage_ms_));
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
  publisher_.emit(run->workspace, "quality-gate.summary", run->document_id, run->summary);
}

Response ProjectsService::latest_gate(const ApiCall& call, const std::string& document_id) {
  Response error;
  const Principal* who = need_read(call, acl_, "quality-gate.progress", error);
  if (!who) return error;
  if (!owned(documents_, document_id, *who, "document", error)) return error;
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
  const Principal* who = need_read(call, acl_, "section.conflict", error);
  if (!who) return error;
  const Section* section = owned(sections_, id, *who, "section", error);
  if (!section) return error;
  return json_response(http::status::ok, to_json(*section));
}

Response ProjectsService::save_section(const ApiCall& call, const std::string& id) {
  Response error;
  const Principal* who = need_write(call, acl_, "section.conflict", error);
  if (!who) return error;
  Section* section = owned(sections_, id, *who, "section", error);
  if (!section) return error;
  auto body = json_body(call.req, error);
  if (!body) return error;
  auto content = body->find("content");
  auto base = body->find("baseVersion");
  if (content == body->end() || !content->is_string())
    return bad_request("invalid_content", "content must be a string");
  if (base == body->end() || !base->is_number_integer() || base->get<std::int64_t>() < 0)
    return bad_request("invalid_base_version", "baseVersion must be a non-negative integer");
  std::string text = clean_text(*body, "content", 32 * 1024, true).value_or("");
  Section& s = *section;
  const std::int64_t base_version = base->get<std::int64_t>();
  if (base_version != s.version) {
    publisher_.emit(s.workspace, "section.conflict", s.id,
                    {{"sectionId", s.id},
                     {"attemptedBy", who->user},
                     {"baseVersion", base_version},
                     {"latestVersion", s.version},
                     {"latestBy", s.updated_by}});
    const std::string diff =
        unified_diff(s.content, text, s.id + "@v" + std::to_string(s.version) + " (latest)",
                     s.id + "@v" + std::to_string(base_version) + "+" + who->user + " (attempted)");
    publisher_.emit(s.workspace, "section.diff", s.id,
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
