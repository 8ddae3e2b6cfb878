#include "domain/activity.hpp"

#include <charconv>

#include "core/clock.hpp"

namespace hubd {
namespace {

constexpr std::size_t kActivityKept = 500;
constexpr std::size_t kNotificationsKept = 5000;
const std::vector<std::string> kStreamTopics = {"activity.created", "notification.created",
                                                "notification.read"};

// "n-<number>" → number; 0 (never issued) otherwise.
std::uint64_t notification_number(const std::string& id) {
  std::uint64_t n = 0;
  if (id.rfind("n-", 0) != 0) return 0;
  auto [end, ec] = std::from_chars(id.data() + 2, id.data() + id.size(), n);
  return ec == std::errc{} && end == id.data() + id.size() ? n : 0;
}

}  // namespace

ActivityService::ActivityService(Publisher& publisher, const Acl& acl, StreamGate& gate,
                                 const Faults& faults, std::int64_t ping_ms)
    : publisher_(publisher),
      acl_(acl),
      gate_(gate),
      faults_(faults),
      dialect_(std::make_shared<const SseDialect>(
          "activity",
          std::map<std::string, std::string>{{"activity.created", "activity:new"},
                                             {"notification.created", "notification:new"},
                                             {"notification.read", "notification:read"}},
          "event: ping\ndata: {}\n\n", ping_ms, true)) {}

void ActivityService::reset(const nlohmann::json& model) {
  activity_.clear();
  notifications_.clear();
  const std::int64_t now = now_ms();
  for (const auto& a : model.value("activity", nlohmann::json::array())) {
    append_activity(a.at("workspace"), a.value("type", "note"), a.value("actor", "system"),
                    a.value("message", ""), now);
  }
  for (const auto& n : model.value("notifications", nlohmann::json::array())) {
    const User* user = acl_.user(n.value("userId", ""));
    if (user) append_notification(user->workspace, n, now);
  }
}

nlohmann::json ActivityService::append_activity(const std::string& workspace,
                                                const std::string& type, const std::string& actor,
                                                const std::string& message, std::int64_t at) {
  nlohmann::json item = {{"id", "act-" + std::to_string(++next_id_)},
                         {"type", type},
                         {"actor", actor},
                         {"message", message},
                         {"at", iso8601(at)}};
  auto& log = activity_[workspace];
  log.push_front(item);
  if (log.size() > kActivityKept) log.pop_back();
  return item;
}

nlohmann::json ActivityService::append_notification(const std::string& workspace,
                                                    const nlohmann::json& fields, std::int64_t at) {
  const std::string type = fields.value("type", "info");
  const std::uint64_t number = ++next_id_;
  Notification n{workspace, fields.value("userId", ""), {}};
  n.item = {{"id", "n-" + std::to_string(number)},
            {"userId", n.user},
            {"type", type},
            {"title", fields.value("title", "")},
            {"body", fields.value("body", "")},
            {"urgent", fields.value("urgent", false) || type == "urgent"},
            {"groupKey", fields.value("groupKey", nlohmann::json(nullptr))},
            {"read", fields.value("read", false)},
            {"at", iso8601(at)}};
  auto item = n.item;
  notifications_[number] = std::move(n);
  if (notifications_.size() > kNotificationsKept) notifications_.erase(notifications_.begin());
  return item;
}

std::size_t ActivityService::unread(const std::string& user) const {
  std::size_t n = 0;
  for (const auto& [id, note] : notifications_) n += note.user == user && !note.item["read"];
  return n;
}

void ActivityService::add_routes(DomainRouter& routes) {
  using V = http::verb;
  routes.add(V::get, "activity", [this](const ApiCall& c) { return list_activity(c); });
  routes.add(V::post, "activity", [this](const ApiCall& c) { return add_activity(c); });
  routes.add(V::get, "activity/stream", [this](const ApiCall& c) { return stream(c); });
  routes.add(V::get, "notifications", [this](const ApiCall& c) { return list_notifications(c); });
  routes.add(V::post, "notifications", [this](const ApiCall& c) { return add_notification(c); });
  routes.add(V::post, "notifications/*/read",
             [this](const ApiCall& c) { return mark_read(c, c.segs[1]); });
}

Response ActivityService::list_activity(const ApiCall& call) {
  Response error;
  const Principal* who = need_read(call, acl_, "activity.created", error);
  if (!who) return error;
  auto limit = parse_limit(call, 50, kActivityKept, error);
  if (!limit) return error;
  auto items = nlohmann::json::array();
  for (const auto& item : activity_[who->workspace]) {
    if (items.size() == *limit) break;
    items.push_back(item);
  }
  return json_response(http::status::ok, {{"items", items}});
}

Response ActivityService::add_activity(const ApiCall& call) {
  Response error;
  const Principal* who = need_write(call, acl_, "activity.created", error);
  if (!who) return error;
  auto body = json_body(call.req, error);
  if (!body) return error;
  const std::string type = string_field(*body, "type");
  if (!is_word(type)) return bad_request("invalid_type", "type must match [a-z0-9._-]{1,32}");
  auto message = clean_text(*body, "message", 500);
  if (!message) return bad_request("invalid_message", "message must be a non-empty string");
  auto item = append_activity(who->workspace, type, who->user, *message, call.now_ms);
  publisher_.emit(who->workspace, "activity.created", item["id"], item);
  return json_response(http::status::created, item);
}

Response ActivityService::list_notifications(const ApiCall& call) {
  Response error;
  const Principal* who = need_read(call, acl_, "notification.created", error);
  if (!who) return error;
  auto items = nlohmann::json::array();
  for (auto it = notifications_.rbegin(); it != notifications_.rend(); ++it) {
    if (it->second.user == who->user && it->second.workspace == who->workspace)
      items.push_back(it->second.item);
  }
  return json_response(http::status::ok, {{"items", items}, {"unread", unread(who->user)}});
}

Response ActivityService::add_notification(const ApiCall& call) {
  Response error;
  const Principal* who = need_write(call, acl_, "notification.created", error);
  if (!who) return error;
  auto body = json_body(call.req, error);
  if (!body) return error;
  const std::string user_id = string_field(*body, "userId");
  const User* target = acl_.user(user_id);
  if (!target || target->workspace != who->workspace) return not_found("user", user_id);
  const std::string type = string_field(*body, "type");
  if (!is_word(type)) return bad_request("invalid_type", "type must match [a-z0-9._-]{1,32}");
  auto title = clean_text(*body, "title", 200);
  if (!title) return bad_request("invalid_title", "title must be a non-empty string");
  nlohmann::json fields = {{"userId", user_id}, {"type", type}, {"title", *title}};
  if (body->contains("body")) {
    if (!(*body)["body"].is_string()) return bad_request("invalid_body", "body must be a string");
    fields["body"] = clean_text(*body, "body", 2000, true).value_or("");
  }
  if (auto urgent = body->find("urgent"); urgent != body->end()) {
    if (!urgent->is_boolean()) return bad_request("invalid_urgent", "urgent must be a boolean");
    fields["urgent"] = *urgent;
  }
  if (auto group = body->find("groupKey"); group != body->end() && !group->is_null()) {
    if (!group->is_string() || !is_valid_id(group->get<std::string>()))
      return bad_request("invalid_group_key", "groupKey must match [A-Za-z0-9._:@-]{1,128}");
    fields["groupKey"] = *group;
  }
  auto item = append_notification(who->workspace, fields, call.now_ms);
  publisher_.emit(who->workspace, "notification.created", item["id"], item, user_id);
  return json_response(http::status::created, item);
}

Response ActivityService::mark_read(const ApiCall& call, const std::string& id) {
  Response error;
  const Principal* who = need_write(call, acl_, "notification.read", error);
  if (!who) return error;
  Notification* note =
      owned(notifications_, notification_number(id), *who, "notification", id, error);
  if (!note) return error;
  if (note->user != who->user)
    return error_response(403, "forbidden", "notification " + id + " belongs to another user");
  if (faults_.fail_mutations)
    return error_response(500, "fault_injected", "mutation failed by test-mode fault");
  note->item["read"] = true;
  const std::size_t left = unread(who->user);
  publisher_.emit(who->workspace, "notification.read", id,
                  {{"id", id}, {"userId", who->user}, {"unread", left}}, who->user);
  return json_response(http::status::ok, {{"id", id}, {"read", true}, {"unread", left}});
}

RouteResult ActivityService::stream(const ApiCall& call) {
  if (!call.who) return call.auth_error;
  const Principal& who = *call.who;
  Grant grant{who.workspace, {}, std::nullopt};
  for (const auto& topic : kStreamTopics) {
    if (acl_.may_read(who.role, topic)) grant.topics.push_back(topic);
  }
  if (grant.topics.empty())
    return error_response(403, "forbidden", "role " + who.role + " reads no activity topics");
  return gate_.admit(call.req, &who, std::move(grant), dialect_, {});
}

}  // namespace hubd
