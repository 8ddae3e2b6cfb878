#include "domain/chat.hpp"

#include "core/clock.hpp"

namespace hubd {
namespace {

constexpr std::size_t kMessagesKept = 500;  // per channel
constexpr double kBurst = 10;

}  // namespace

ChatService::ChatService(Publisher& publisher, const Acl& acl,
                         boost::asio::any_io_executor executor, StreamWatch& streams,
                         ChatOptions options)
    : publisher_(publisher),
      acl_(acl),
      streams_(streams),
      options_(options),
      system_timer_(std::move(executor)) {
  streams.on_open([this](const StreamInfo& s) { stream_changed(s, true); });
  streams.on_close([this](const StreamInfo& s) { stream_changed(s, false); });
  streams.on_drain([this] { system_health("draining"); });
  arm_system();
}

void ChatService::arm_system() {
  system_timer_.expires_after(std::chrono::milliseconds(options_.system_interval_ms));
  system_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    system_health("ok");
    arm_system();
  });
}

void ChatService::system_health(const std::string& status) {
  std::set<std::string> workspaces;
  for (const auto& [id, channel] : channels_) workspaces.insert(channel.workspace);
  for (const auto& ws : workspaces) {
    publisher_.emit(
        ws, "chat.system", "hub",
        {{"status", status}, {"openStreams", streams_.open_streams()}, {"at", now_ms()}});
  }
  if (status != "ok") system_timer_.cancel();
}

void ChatService::reset(const nlohmann::json& model) {
  channels_.clear();
  messages_.clear();
  buckets_.clear();
  const auto chat = model.value("chat", nlohmann::json::object());
  for (const auto& c : chat.value("channels", nlohmann::json::array())) {
    channels_[c.at("id")] = Channel{c.at("id"), c.at("workspace"), c.value("name", ""), {}};
  }
  const std::int64_t now = now_ms();
  for (const auto& m : chat.value("messages", nlohmann::json::array())) {
    auto channel = channels_.find(m.value("channelId", ""));
    if (channel != channels_.end())
      add_message(channel->second, m.value("userId", ""), m.value("text", ""), now);
  }
}

std::string ChatService::add_message(Channel& channel, const std::string& user, std::string text,
                                     std::int64_t at) {
  const std::string id = "m-" + std::to_string(++next_id_);
  messages_[id] = Message{id, channel.id, user, std::move(text), {}, at, 0};
  channel.messages.push_back(id);
  if (channel.messages.size() > kMessagesKept) {
    messages_.erase(channel.messages.front());
    channel.messages.pop_front();
  }
  return id;
}

nlohmann::json ChatService::to_json(const Message& m) const {
  auto reactions = nlohmann::json::object();
  for (const auto& [emoji, users] : m.reactions) reactions[emoji] = users;
  return {{"id", m.id},
          {"channelId", m.channel},
          {"userId", m.user},
          {"text", m.text},
          {"reactions", reactions},
          {"at", iso8601(m.at)},
          {"editedAt", m.edited_at ? nlohmann::json(iso8601(m.edited_at)) : nullptr}};
}

ChatService::Message* ChatService::message_for(const Principal& who, const std::string& id,
                                               Response& error) {
  auto it = messages_.find(id);
  if (it == messages_.end()) {
    error = not_found("message", id);
    return nullptr;
  }
  // A message belongs to its channel's workspace.
  return owned(channels_, it->second.channel, who, "message", id, error) ? &it->second : nullptr;
}

bool ChatService::take_token(const std::string& user, std::int64_t now) {
  auto [it, fresh] = buckets_.try_emplace(user, Bucket{kBurst, now});
  Bucket& b = it->second;
  const double elapsed = static_cast<double>(std::max<std::int64_t>(0, now - b.updated_ms));
  b.tokens = std::min(kBurst, b.tokens + elapsed / 1000.0 * options_.rate);
  b.updated_ms = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

void ChatService::add_routes(DomainRouter& routes) {
  using V = http::verb;
  routes.add(V::get, "chat/channels", [this](const ApiCall& c) { return list_channels(c); });
  routes.add(V::get, "chat/presence", [this](const ApiCall& c) { return list_presence(c); });
  routes.add(V::get, "chat/channels/*/messages",
             [this](const ApiCall& c) { return list_messages(c, c.segs[2]); });
  routes.add(V::post, "chat/channels/*/messages",
             [this](const ApiCall& c) { return post_message(c, c.segs[2]); });
  routes.add(V::post, "chat/channels/*/typing",
             [this](const ApiCall& c) { return typing(c, c.segs[2]); });
  routes.add(V::patch, "chat/messages/*",
             [this](const ApiCall& c) { return edit_message(c, c.segs[2], false); });
  routes.add(V::delete_, "chat/messages/*",
             [this](const ApiCall& c) { return edit_message(c, c.segs[2], true); });
  routes.add(V::post, "chat/messages/*/reactions",
             [this](const ApiCall& c) { return react(c, c.segs[2]); });
}

Response ChatService::list_channels(const ApiCall& call) {
  Response error;
  const Principal* who = need_read(call, acl_, "chat.message", error);
  if (!who) return error;
  auto items = nlohmann::json::array();
  for (const auto& [id, c] : channels_) {
    if (c.workspace == who->workspace) items.push_back({{"id", c.id}, {"name", c.name}});
  }
  return json_response(http::status::ok, {{"items", items}});
}

Response ChatService::list_messages(const ApiCall& call, const std::string& channel_id) {
  Response error;
  const Principal* who = need_read(call, acl_, "chat.message", error);
  if (!who) return error;
  Channel* channel = owned(channels_, channel_id, *who, "channel", error);
  if (!channel) return error;
  auto limit = parse_limit(call, 100, kMessagesKept, error);
  if (!limit) return error;
  auto items = nlohmann::json::array();
  const std::size_t skip = channel->messages.size() - std::min(*limit, channel->messages.size());
  for (std::size_t i = skip; i < channel->messages.size(); ++i)
    items.push_back(to_json(messages_.at(channel->messages[i])));
  return json_response(http::status::ok, {{"items", items}});
}

Response ChatService::post_message(const ApiCall& call, const std::string& channel_id) {
  Response error;
  const Principal* who = need_write(call, acl_, "chat.message", error);
  if (!who) return error;
  Channel* channel = owned(channels_, channel_id, *who, "channel", error);
  if (!channel) return error;
  auto body = json_body(call.req, error);
  if (!body) return error;
  auto text = clean_text(*body, "text", 2000, true);
  if (!text) return bad_request("invalid_text", "text must be a non-empty string");
  if (!take_token(who->user, call.now_ms)) {
    auto res = error_response(429, "rate_limited", "too many messages; slow down");
    res.set(http::field::retry_after, "1");
    return res;
  }
  const auto id = add_message(*channel, who->user, std::move(*text), call.now_ms);
  auto message = to_json(messages_.at(id));
  publisher_.emit(who->workspace, "chat.message", channel->id,
                  {{"action", "created"}, {"message", message}});
  return json_response(http::status::created, message);
}

Response ChatService::edit_message(const ApiCall& call, const std::string& id, bool remove) {
  Response error;
  const Principal* who = need_write(call, acl_, "chat.message", error);
  if (!who) return error;
  Message* m = message_for(*who, id, error);
  if (!m) return error;
  if (m->user != who->user)
    return error_response(403, "forbidden", "only the author may change message " + id);
  if (remove) {
    auto message = to_json(*m);
    const std::string channel = m->channel;
    auto& list = channels_.at(channel).messages;
    list.erase(std::find(list.begin(), list.end(), id));
    messages_.erase(id);
    publisher_.emit(who->workspace, "chat.message", channel,
                    {{"action", "deleted"}, {"message", message}});
    return json_response(http::status::ok, message);
  }
  auto body = json_body(call.req, error);
  if (!body) return error;
  auto text = clean_text(*body, "text", 2000, true);
  if (!text) return bad_request("invalid_text", "text must be a non-empty string");
  m->text = std::move(*text);
  m->edited_at = call.now_ms;
  auto message = to_json(*m);
  publisher_.emit(who->workspace, "chat.message", m->channel,
                  {{"action", "updated"}, {"message", message}});
  return json_response(http::status::ok, message);
}

Response ChatService::react(const ApiCall& call, const std::string& id) {
  Response error;
  const Principal* who = need_write(call, acl_, "chat.reaction", error);
  if (!who) return error;
  Message* m = message_for(*who, id, error);
  if (!m) return error;
  auto body = json_body(call.req, error);
  if (!body) return error;
  const std::string emoji = string_field(*body, "emoji");
  const bool printable = std::none_of(emoji.begin(), emoji.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
  if (emoji.empty() || emoji.size() > 32 || !printable)
    return bad_request("invalid_emoji", "emoji must be 1-32 bytes without spaces");
  auto& users = m->reactions[emoji];
  const bool added = users.insert(who->user).second;
  if (!added) users.erase(who->user);
  if (users.empty()) m->reactions.erase(emoji);
  nlohmann::json payload = {
      {"messageId", id}, {"emoji", emoji}, {"userId", who->user}, {"added", added}};
  publisher_.emit(who->workspace, "chat.reaction", m->channel, payload);
  return json_response(http::status::ok, payload);
}

Response ChatService::typing(const ApiCall& call, const std::string& channel_id) {
  Response error;
  const Principal* who = need_write(call, acl_, "chat.typing", error);
  if (!who) return error;
  Channel* channel = owned(channels_, channel_id, *who, "channel", error);
  if (!channel) return error;
  nlohmann::json payload = {
      {"userId", who->user}, {"channelId", channel->id}, {"at", iso8601(call.now_ms)}};
  publisher_.emit(who->workspace, "chat.typing", channel->id, payload);
  return json_response(http::status::ok, payload);
}

Response ChatService::list_presence(const ApiCall& call) {
  Response error;
  const Principal* who = need_read(call, acl_, "chat.presence", error);
  if (!who) return error;
  const auto& users = online_[who->workspace];
  return json_response(http::status::ok,
                       {{"online", std::vector<std::string>(users.begin(), users.end())}});
}

void ChatService::stream_changed(const StreamInfo& stream, bool opened) {
  const Principal& who = stream.principal;
  if (who.user.empty()) return;  // anonymous public streams
  std::size_t& count = user_streams_[who.user];
  const std::size_t open = opened ? ++count : --count;
  if (open == 0) user_streams_.erase(who.user);
  if (open == (opened ? 1 : 0)) presence(who, opened);
}

void ChatService::presence(const Principal& who, bool online) {
  auto& users = online_[who.workspace];
  if (online) {
    users.insert(who.user);
  } else {
    users.erase(who.user);
  }
  if (acl_.has_topic("chat.presence"))
    publisher_.emit(who.workspace, "chat.presence", who.user,
                    {{"userId", who.user}, {"online", online}});
}

}  // namespace hubd
