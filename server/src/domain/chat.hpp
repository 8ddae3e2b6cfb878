// Seed 001's backends: workspace channels with messages (created, updated, deleted),
// reactions, typing, and presence from each user's first stream open and last close.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <map>
#include <set>

#include "domain/service.hpp"
#include "hub/publisher.hpp"
#include "hub/stream_watch.hpp"

namespace hubd {

struct ChatOptions {
  double rate = 5;                          // messages per user per second, sustained
  std::int64_t system_interval_ms = 30000;  // chat.system
};

class ChatService final : public DomainService {
 public:
  // Presence comes from `streams`: a user's first stream opened (online) or last one closed.
  // Seed 001's system events: `chat.system` {status, openStreams, at} to every chat
  // workspace, every system interval and once with "draining" on shutdown.
  ChatService(Publisher& publisher, const Acl& acl, boost::asio::any_io_executor executor,
              StreamWatch& streams, ChatOptions options);

  void add_routes(DomainRouter& routes) override;
  void reset(const nlohmann::json& model) override;

 private:
  struct Channel {
    std::string id, workspace, name;
    std::deque<std::string> messages;  // ids, oldest first
  };
  struct Message {
    std::string id, channel, user, text;
    std::map<std::string, std::set<std::string>> reactions;  // emoji → user ids
    std::int64_t at = 0, edited_at = 0;
  };
  struct Bucket {
    double tokens = 0;
    std::int64_t updated_ms = 0;
  };

  nlohmann::json to_json(const Message& m) const;
  // A message, when its channel belongs to the caller's workspace; else 404 in `error`.
  Message* message_for(const Principal& who, const std::string& id, Response& error);
  bool take_token(const std::string& user, std::int64_t now);
  void arm_system();
  void system_health(const std::string& status);
  void stream_changed(const StreamInfo& stream, bool opened);
  void presence(const Principal& who, bool online);
  std::string add_message(Channel& channel, const std::string& user, std::string text,
                          std::int64_t at);

  Response list_channels(const ApiCall& call);
  Response list_messages(const ApiCall& call, const std::string& channel);
  Response post_message(const ApiCall& call, const std::string& channel);
  Response edit_message(const ApiCall& call, const std::string& id, bool remove);
  Response react(const ApiCall& call, const std::string& id);
  Response typing(const ApiCall& call, const std::string& channel);
  Response list_presence(const ApiCall& call);

  Publisher& publisher_;
  const Acl& acl_;
  StreamWatch& streams_;
  ChatOptions options_;
  boost::asio::steady_timer system_timer_;
  std::map<std::string, Channel> channels_;
  std::map<std::string, Message> messages_;
  std::map<std::string, Bucket> buckets_;
  std::map<std::string, std::set<std::string>> online_;  // workspace → users
  std::map<std::string, std::size_t> user_streams_;      // user → open streams
  std::uint64_t next_id_ = 0;
};

}  // namespace hubd
