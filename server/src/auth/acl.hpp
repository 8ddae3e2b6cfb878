// The authorization model, loaded from a JSON data file: workspaces (tenants), roles and the
// topic patterns they may read (`roles`) and write through the domain API (`writes`; a role
// missing there writes what it reads), the topic catalog, users, and projects → documents →
// sections. It answers which topics and resources a stream may carry.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

namespace hubd {

struct User {
  std::string id;
  std::string name;
  std::string workspace;
  std::string role;
};

struct Principal {
  std::string user;
  std::string workspace;
  std::string role;
  std::optional<std::int64_t> expires_at;  // epoch seconds
  bool in_directory = false;               // a data-file user: workspace and role come from it
};

struct Scope {
  std::string project_id;
  std::string document_id;
  std::string section_id;
  std::vector<std::string> topics;  // empty: every readable topic
};

struct Refusal {
  int status = 0;
  std::string code;
  std::string message;
};

struct Grant {
  std::string workspace;
  std::vector<std::string> topics;
  // Set when the scope names a resource: that resource, its ancestors and descendants.
  std::optional<std::unordered_set<std::string>> resources;

  bool operator==(const Grant&) const = default;
};

// `*`, `prefix.*` or an exact topic.
bool topic_matches(std::string_view pattern, std::string_view topic);

// The data file as JSON; throws std::runtime_error when unreadable or not JSON.
nlohmann::json read_model(const std::string& path);

class Acl {
 public:
  // Throws std::runtime_error with a precise message on an invalid model.
  static Acl from_json(const nlohmann::json& model);
  static Acl from_file(const std::string& path);

  // A role may read a topic, or write it through a domain mutation.
  bool may_read(const std::string& role, const std::string& topic) const;
  bool may_write(const std::string& role, const std::string& topic) const;

  const User* user(const std::string& id) const;
  bool has_workspace(const std::string& id) const { return workspaces_.count(id) > 0; }
  bool has_role(const std::string& role) const { return roles_.count(role) > 0; }
  bool has_topic(const std::string& topic) const { return topic_set_.count(topic) > 0; }

  // Identity from verified token claims: a known user keeps their workspace and role (the
  // token may only name the same workspace); an unknown subject needs workspace and role.
  std::optional<Principal> principal(const nlohmann::json& claims, Refusal& refusal) const;

  std::optional<Grant> grant(const Principal& who, const Scope& scope, Refusal& refusal) const;

  // The same principal under this (reloaded) model: a directory user's current workspace
  // and role; nullopt when the user is gone or moved to another workspace.
  std::optional<Principal> refresh(const Principal& who) const;

 private:
  struct Node {
    std::string kind;  // project | document | section
    std::string workspace;
    std::string parent;
    std::vector<std::string> children;
  };
  void collect_descendants(const std::string& id, std::unordered_set<std::string>& out) const;

  std::set<std::string> workspaces_;
  std::map<std::string, std::vector<std::string>> roles_;
  std::map<std::string, std::vector<std::string>> writes_;
  std::vector<std::string> topics_;
  std::set<std::string> topic_set_;
  std::map<std::string, User> users_;
  std::map<std::string, Node> nodes_;
};

}  // namespace hubd
