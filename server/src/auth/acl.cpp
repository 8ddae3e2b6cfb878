#include "auth/acl.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "net/sse.hpp"

namespace hubd {
namespace {

std::string need_id(const nlohmann::json& obj, const char* field, const std::string& where) {
  auto it = obj.find(field);
  if (it == obj.end() || !it->is_string() || !is_valid_id(it->get<std::string>())) {
    throw std::runtime_error(where + ": missing or invalid \"" + field + "\"");
  }
  return it->get<std::string>();
}

const nlohmann::json& array_at(const nlohmann::json& obj, const char* field) {
  static const nlohmann::json empty = nlohmann::json::array();
  auto it = obj.find(field);
  if (it == obj.end()) return empty;
  if (!it->is_array()) throw std::runtime_error(std::string("\"") + field + "\" must be an array");
  return *it;
}

}  // namespace

bool topic_matches(std::string_view pattern, std::string_view topic) {
  if (pattern == "*") return true;
  if (pattern.size() >= 2 && pattern.substr(pattern.size() - 2) == ".*") {
    const auto prefix = pattern.substr(0, pattern.size() - 1);  // keeps the dot
    return topic.size() > prefix.size() && topic.substr(0, prefix.size()) == prefix;
  }
  return pattern == topic;
}

nlohmann::json read_model(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read data file " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto model = nlohmann::json::parse(text.str(), nullptr, false);
  if (model.is_discarded()) throw std::runtime_error("data file " + path + ": invalid JSON");
  return model;
}

Acl Acl::from_file(const std::string& path) { return from_json(read_model(path)); }

namespace {

bool any_matches(const std::vector<std::string>& patterns, const std::string& topic) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&topic](const std::string& p) { return topic_matches(p, topic); });
}

}  // namespace

bool Acl::may_read(const std::string& role, const std::string& topic) const {
  auto it = roles_.find(role);
  return it != roles_.end() && any_matches(it->second, topic);
}

bool Acl::may_write(const std::string& role, const std::string& topic) const {
  if (auto it = writes_.find(role); it != writes_.end()) return any_matches(it->second, topic);
  return may_read(role, topic);
}

Acl Acl::from_json(const nlohmann::json& model) {
  if (!model.is_object()) throw std::runtime_error("data model must be a JSON object");
  Acl acl;
  for (const auto& w : array_at(model, "workspaces"))
    acl.workspaces_.insert(need_id(w, "id", "workspace"));
  for (const auto& t : array_at(model, "topics")) {
    if (!t.is_string() || !is_valid_topic(t.get<std::string>())) {
      throw std::runtime_error("topics: invalid topic name " + t.dump());
    }
    if (acl.topic_set_.insert(t.get<std::string>()).second) acl.topics_.push_back(t);
  }
  auto roles = model.find("roles");
  if (roles == model.end() || !roles->is_object())
    throw std::runtime_error("\"roles\" must be an object");
  for (const auto& [role, patterns] : roles->items()) {
    if (!patterns.is_array())
      throw std::runtime_error("role " + role + ": patterns must be an array");
    for (const auto& p : patterns) {
      if (!p.is_string()) throw std::runtime_error("role " + role + ": pattern must be a string");
      acl.roles_[role].push_back(p);
    }
  }
  if (auto writes = model.find("writes"); writes != model.end()) {
    if (!writes->is_object()) throw std::runtime_error("\"writes\" must be an object");
    for (const auto& [role, patterns] : writes->items()) {
      if (!acl.roles_.count(role)) throw std::runtime_error("writes: unknown role " + role);
      if (!patterns.is_array())
        throw std::runtime_error("writes " + role + ": patterns must be an array");
      auto& out = acl.writes_[role];
      for (const auto& p : patterns) {
        if (!p.is_string())
          throw std::runtime_error("writes " + role + ": pattern must be a string");
        out.push_back(p);
      }
    }
  }
  for (const auto& u : array_at(model, "users")) {
    User user{need_id(u, "id", "user"), u.value("name", ""), need_id(u, "workspace", "user"),
              u.value("role", "")};
    if (!acl.workspaces_.count(user.workspace))
      throw std::runtime_error("user " + user.id + ": unknown workspace");
    if (!acl.roles_.count(user.role))
      throw std::runtime_error("user " + user.id + ": unknown role");
    acl.users_[user.id] = user;
  }
  auto add = [&acl](const std::string& id, Node node) {
    if (!acl.nodes_.emplace(id, std::move(node)).second) {
      throw std::runtime_error("duplicate resource id " + id);
    }
  };
  for (const auto& p : array_at(model, "projects")) {
    const auto pid = need_id(p, "id", "project");
    const auto ws = need_id(p, "workspace", "project " + pid);
    if (!acl.workspaces_.count(ws))
      throw std::runtime_error("project " + pid + ": unknown workspace");
    add(pid, {"project", ws, "", {}});
    for (const auto& d : array_at(p, "documents")) {
      const auto did = need_id(d, "id", "document");
      add(did, {"document", ws, pid, {}});
      acl.nodes_[pid].children.push_back(did);
      for (const auto& s : array_at(d, "sections")) {
        const auto sid = need_id(s, "id", "section");
        add(sid, {"section", ws, did, {}});
        acl.nodes_[did].children.push_back(sid);
      }
    }
  }
  return acl;
}

const User* Acl::user(const std::string& id) const {
  auto it = users_.find(id);
  return it == users_.end() ? nullptr : &it->second;
}

std::optional<Principal> Acl::principal(const nlohmann::json& claims, Refusal& refusal) const {
  const std::string sub = claims.value("sub", "");
  const std::string claimed_ws = claims.contains("workspace") && claims["workspace"].is_string()
                                     ? claims["workspace"].get<std::string>()
                                     : "";
  if (const User* u = user(sub)) {
    if (!claimed_ws.empty() && claimed_ws != u->workspace) {
      refusal = {403, "workspace_forbidden", "the user is not a member of that workspace"};
      return std::nullopt;
    }
    return Principal{u->id, u->workspace, u->role, std::nullopt, true};
  }
  const std::string role = claims.contains("role") && claims["role"].is_string()
                               ? claims["role"].get<std::string>()
                               : "";
  if (claimed_ws.empty() || !has_workspace(claimed_ws) || !has_role(role)) {
    refusal = {403, "unknown_principal", "no known workspace and role for this subject"};
    return std::nullopt;
  }
  return Principal{sub, claimed_ws, role, std::nullopt};
}

std::optional<Principal> Acl::refresh(const Principal& who) const {
  if (!who.in_directory) return who;
  const User* u = user(who.user);
  if (!u || u->workspace != who.workspace) return std::nullopt;
  Principal now = who;
  now.role = u->role;
  return now;
}

void Acl::collect_descendants(const std::string& id, std::unordered_set<std::string>& out) const {
  out.insert(id);
  for (const auto& child : nodes_.at(id).children) collect_descendants(child, out);
}

std::optional<Grant> Acl::grant(const Principal& who, const Scope& scope, Refusal& refusal) const {
  const auto role = roles_.find(who.role);
  if (role == roles_.end() || !has_workspace(who.workspace)) {
    refusal = {403, "forbidden", "no readable topics for this principal"};
    return std::nullopt;
  }
  auto readable = [&role](const std::string& topic) {
    for (const auto& pattern : role->second) {
      if (topic_matches(pattern, topic)) return true;
    }
    return false;
  };

  // The narrowest named resource; each named resource must exist, have the right kind, sit
  // under the wider one, and belong to the user's workspace.
  std::string narrowest;
  const std::pair<const char*, const std::string*> levels[] = {{"project", &scope.project_id},
                                                               {"document", &scope.document_id},
                                                               {"section", &scope.section_id}};
  for (const auto& [kind, id] : levels) {
    if (id->empty()) continue;
    auto node = nodes_.find(*id);
    if (node == nodes_.end() || node->second.kind != kind) {
      refusal = {404, "not_found",
                 std::string("unknown ") + kind + " " + (is_valid_id(*id) ? *id : "")};
      return std::nullopt;
    }
    if (node->second.workspace != who.workspace) {
      refusal = {403, "forbidden", std::string("no access to ") + kind + " " + *id};
      return std::nullopt;
    }
    if (!narrowest.empty()) {
      std::string up = node->second.parent;
      while (!up.empty() && up != narrowest) up = nodes_.at(up).parent;
      if (up.empty()) {
        refusal = {404, "not_found", std::string(kind) + " " + *id + " is not inside " + narrowest};
        return std::nullopt;
      }
    }
    narrowest = *id;
  }

  Grant grant{who.workspace, {}, std::nullopt};
  if (scope.topics.empty()) {
    for (const auto& topic : topics_) {
      if (readable(topic)) grant.topics.push_back(topic);
    }
  } else {
    for (const auto& topic : scope.topics) {
      if (!has_topic(topic)) {
        refusal = {404, "unknown_topic", "unknown topic " + (is_valid_topic(topic) ? topic : "")};
        return std::nullopt;
      }
      if (!readable(topic)) {
        refusal = {403, "forbidden", "role " + who.role + " may not read " + topic};
        return std::nullopt;
      }
      if (std::find(grant.topics.begin(), grant.topics.end(), topic) == grant.topics.end()) {
        grant.topics.push_back(topic);
      }
    }
  }
  if (grant.topics.empty()) {
    refusal = {403, "forbidden", "no readable topics"};
    return std::nullopt;
  }
  if (!narrowest.empty()) {
    std::unordered_set<std::string> resources;
    collect_descendants(narrowest, resources);
    for (std::string up = nodes_.at(narrowest).parent; !up.empty(); up = nodes_.at(up).parent) {
      resources.insert(up);
    }
    grant.resources = std::move(resources);
  }
  return grant;
}

}  // namespace hubd
