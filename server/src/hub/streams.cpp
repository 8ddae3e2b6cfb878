#include "hub/streams.hpp"

#include <algorithm>

#include "auth/jwt.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "hub/hub_stream.hpp"

namespace hubd {
namespace {

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

}  // namespace

Streams::Streams(boost::asio::io_context& io, Broker& broker, ConnectionLimiter& limiter,
                 Metrics& metrics, const Faults& faults, StreamSettings settings)
    : broker_(broker),
      limiter_(limiter),
      metrics_(metrics),
      faults_(faults),
      settings_(settings),
      drain_timer_(io),
      id_prefix_(hex(random_bytes(3))) {}

Streams::~Streams() = default;

void Streams::open(tcp::socket socket, StreamAccept accept, bool chunked) {
  const std::string id = "c-" + id_prefix_ + "-" + std::to_string(++next_id_);
  auto stream = std::make_shared<HubStream>(
      *this, std::move(socket),
      StreamInfo{id, std::move(accept.principal), std::move(accept.scope), std::move(accept.grant),
                 std::move(accept.dialect)},
      chunked);
  const StreamInfo& info = stream->info();
  std::optional<ResumeFrom> from;
  // A snapshot is built for this stream alone: half its send queue at most.
  if (accept.last_event_id)
    from = ResumeFrom{*accept.last_event_id, !info.dialect, settings_.send_queue_bytes / 2};
  broker_.subscribe(*stream, info.grant.workspace, info.grant.topics, from, now_ms(),
                    [this, stream, accept = std::move(accept), chunked](Catchup missed) {
                      start(stream, accept, chunked, std::move(missed));
                    });
}

void Streams::start(const std::shared_ptr<HubStream>& stream, const StreamAccept& accept,
                    bool chunked, Catchup missed) {
  const StreamInfo& info = stream->info();
  std::vector<Frame> frames;
  std::size_t replay_bytes = 0;  // may pass the send queue bound until written
  if (info.dialect) {
    frames.push_back(std::make_shared<const std::string>(
        format_retry(static_cast<std::uint64_t>(settings_.retry_ms))));
    frames.insert(frames.end(), accept.initial.begin(), accept.initial.end());
  } else {
    const nlohmann::ordered_json ready = {
        {"connectionId", info.id},           {"heartbeatMs", settings_.heartbeat_ms},
        {"topics", info.grant.topics},       {"sequence", broker_.sequence(info.grant.workspace)},
        {"workspace", info.grant.workspace}, {"user", info.principal.user}};
    frames.push_back(
        std::make_shared<const std::string>("retry: " + std::to_string(settings_.retry_ms) + "\n" +
                                            format_event("", "hub.ready", ready.dump())));
  }

  nlohmann::json open_log = {{"conn", info.id},
                             {"dialect", info.dialect ? info.dialect->name() : "hub"},
                             {"user", info.principal.user},
                             {"workspace", info.grant.workspace},
                             {"topics", info.grant.topics}};
  if (accept.last_event_id) {
    if (!info.dialect) {
      if (missed.snapshot_topics.empty()) {
        metrics_.replay_hit();
      } else {
        metrics_.replay_miss();
        metrics_.snapshot_sent(missed.snapshot_topics.size());
        log_line("warn", "resume_truncated",
                 {{"conn", info.id},
                  {"lastEventId", *accept.last_event_id},
                  {"sequence", broker_.sequence(info.grant.workspace)},
                  {"snapshotTopics", missed.snapshot_topics}});
      }
    }
    frames.insert(frames.end(), missed.snapshots.begin(), missed.snapshots.end());
    for (const auto& event : missed.events) {
      frames.push_back(info.dialect ? info.dialect->render(*event) : event->frame);
      replay_bytes += frames.back()->size();
    }
    metrics_.delivered(missed.events.size());
    open_log["lastEventId"] = *accept.last_event_id;
    open_log["replayed"] = missed.events.size();
  }

  std::string head =
      "HTTP/1.1 200 OK\r\n"
      "Content-Type: text/event-stream; charset=utf-8\r\n"
      "Cache-Control: no-cache, no-transform\r\n"
      "X-Accel-Buffering: no\r\n";
  // The socket is never reused after a stream, so clients must not pool it.
  head += chunked ? "Transfer-Encoding: chunked\r\nConnection: close\r\n" : "Connection: close\r\n";
  if (!accept.cors_origin.empty()) {
    head += "Access-Control-Allow-Origin: " + accept.cors_origin +
            "\r\nAccess-Control-Allow-Credentials: true\r\nVary: Origin\r\n";
  }
  head += "\r\n";

  streams_.emplace(info.id, stream);
  metrics_.connect();
  log_line("info", "stream_open", open_log);
  stream->open(std::move(head), std::move(frames), replay_bytes);
  for (const auto& hook : open_hooks_) hook(info);
}

void Streams::closed(HubStream& stream, const std::string& reason) {
  const StreamInfo& info = stream.info();
  broker_.unsubscribe(stream, info.grant.workspace, info.grant.topics);
  limiter_.release(info.principal.user);
  metrics_.close(reason);
  const auto duration = std::chrono::duration_cast<std::chrono::milliseconds>(stream.age()).count();
  log_line(reason == "slow_consumer" ? "warn" : "info", "stream_close",
           {{"conn", info.id},
            {"user", info.principal.user},
            {"reason", reason},
            {"durationMs", duration},
            {"events", stream.frames_sent()}});
  streams_.erase(info.id);
  for (const auto& hook : close_hooks_) hook(info);
}

void Streams::for_each(const std::function<void(HubStream&)>& fn) {
  std::vector<std::shared_ptr<HubStream>> all;
  all.reserve(streams_.size());
  for (const auto& [id, s] : streams_) all.push_back(s);
  for (const auto& s : all) fn(*s);
}

std::size_t Streams::revoke_ungranted(const Acl& acl) {
  const auto still_granted = [&acl](const StreamInfo& s) {
    if (s.principal.user.empty()) return true;  // anonymous public streams
    const auto who = acl.refresh(s.principal);
    if (!who) return false;
    if (s.dialect) {
      const auto& topics = s.grant.topics;
      return std::all_of(topics.begin(), topics.end(),
                         [&](const std::string& t) { return acl.may_read(who->role, t); });
    }
    Refusal refusal;
    const auto grant = acl.grant(*who, s.scope, refusal);
    return grant && *grant == s.grant;
  };
  std::size_t revoked = 0;
  for_each([&](HubStream& s) {
    if (still_granted(s.info())) return;
    ++revoked;
    s.finish("access_revoked", s.error_frame("access_revoked", "access to this stream changed"));
  });
  return revoked;
}

void Streams::drain(std::function<void()> stopped) {
  for (const auto& hook : drain_hooks_) hook();  // while the streams can still carry it
  draining_ = true;
  const std::string hint = format_retry(static_cast<std::uint64_t>(settings_.retry_ms));
  for_each([&hint](HubStream& s) { s.finish("draining", hint); });
  drain_poll(
      std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.drain_timeout_ms),
      std::move(stopped));
}

void Streams::drain_poll(std::chrono::steady_clock::time_point deadline,
                         std::function<void()> stopped) {
  if (streams_.empty() || std::chrono::steady_clock::now() >= deadline) {
    for_each([](HubStream& s) { s.abort("drain_timeout"); });
    return stopped();
  }
  drain_timer_.expires_after(std::chrono::milliseconds(20));
  drain_timer_.async_wait(
      [this, deadline, stopped = std::move(stopped)](const boost::system::error_code& ec) {
        if (!ec) drain_poll(deadline, stopped);
      });
}

}  // namespace hubd
