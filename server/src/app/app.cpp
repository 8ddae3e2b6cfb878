#include "app/app.hpp"

#include <boost/asio/ip/address.hpp>
#include <cstdio>

#include "core/log.hpp"
#include "domain/activity.hpp"
#include "domain/chat.hpp"
#include "domain/dashboard.hpp"
#include "domain/debates.hpp"
#include "domain/projects.hpp"
#include "net/http_session.hpp"
#include "net/sse.hpp"
#include "net/sse_stream.hpp"

namespace hubd {

namespace asio = boost::asio;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

JwtOptions jwt_options(const Config& c) {
  JwtOptions o;
  o.hs256_secret = c.jwt_secret;
  o.issuer = c.jwt_issuer;
  o.audience = c.jwt_audience;
  o.leeway_seconds = c.jwt_leeway;
  if (!c.jwt_public_key.empty()) {
    std::FILE* f = std::fopen(c.jwt_public_key.c_str(), "rb");
    if (!f) throw std::runtime_error("cannot read --jwt-public-key " + c.jwt_public_key);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
      o.rs256_public_pem.append(buf, n);
    std::fclose(f);
  }
  return o;
}

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

App::App(asio::io_context& ioc, Config config, nlohmann::json model)
    : ioc_(ioc),
      config_(std::move(config)),
      acl_(Acl::from_json(model)),
      auth_(acl_, jwt_options(config_), config_.session_secret, config_.session_ttl),
      broker_(BrokerLimits{static_cast<std::size_t>(config_.replay_count), config_.replay_age}),
      limiter_(LimitOptions{config_.max_connections_per_user, config_.max_connections,
                            config_.connect_rate, static_cast<double>(config_.connect_burst)}),
      acceptor_(ioc),
      accept_retry_(ioc),
      drain_timer_(ioc),
      id_prefix_(hex(random_bytes(3))),
      rng_(std::random_device{}()),
      model_(std::move(model)),
      projects_(std::make_unique<ProjectsService>(*this)),
      activity_(std::make_unique<ActivityService>(*this)),
      chat_(std::make_unique<ChatService>(*this)),
      dashboard_(std::make_unique<DashboardService>(*this)),
      debates_(std::make_unique<DebateService>(*this)) {
  reset_domain();
}

App::~App() = default;

void App::reset_domain() {
  projects_->reset(model_);
  activity_->reset(model_);
  chat_->reset(model_);
  dashboard_->reset(model_);
  debates_->reset();
}

PublishResult App::emit(const std::string& workspace, const std::string& topic,
                        const std::string& resource_id, nlohmann::json payload,
                        std::string audience) {
  return publish_event(
      {workspace, topic, resource_id, std::move(payload), nullptr, std::move(audience)});
}

PublishResult App::publish_event(PublishInput in) {
  const auto started = std::chrono::steady_clock::now();
  const PublishResult result = broker_.publish(std::move(in), now_ms());
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  const Event& event = *result.event;
  metrics_.published();
  metrics_.delivered(result.receivers);
  metrics_.fanout_seconds(took.count());
  log_line("info", "publish",
           {{"topic", event.topic},
            {"workspace", event.workspace},
            {"resourceId", event.resource_id},
            {"sequence", event.sequence},
            {"receivers", result.receivers}});
  return result;
}

std::size_t App::dialect_streams(const std::string& name) const {
  auto it = dialect_open_.find(name);
  return it == dialect_open_.end() ? 0 : it->second;
}

void App::presence(const StreamSession& stream, bool online) {
  const auto& user = stream.principal().user;
  if (user.empty() || limiter_.open_for(user) != (online ? 1 : 0)) return;
  chat_->presence(stream.principal(), online);
}

void App::start() {
  const tcp::endpoint endpoint(asio::ip::make_address(config_.bind),
                               static_cast<std::uint16_t>(config_.port));
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  acceptor_.non_blocking(true);  // accept() below drains the queue without blocking
  port_ = acceptor_.local_endpoint().port();
  std::printf("{\"event\":\"listening\",\"port\":%u}\n", static_cast<unsigned>(port_));
  std::fflush(stdout);
  log_line("info", "listening",
           {{"port", port_},
            {"bind", config_.bind},
            {"eventStream", config_.enable_event_stream},
            {"testMode", config_.test_mode},
            {"heartbeatMs", config_.heartbeat_interval}});
  accept();
}

void App::accept() {
  acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      // Out of descriptors, typically: back off briefly instead of spinning.
      log_line("error", "accept_failed", {{"error", ec.message()}});
      accept_retry_.expires_after(std::chrono::milliseconds(100));
      accept_retry_.async_wait([this](const boost::system::error_code& e) {
        if (!e) accept();
      });
      return;
    }
    serve(std::move(socket));
    // Empty the listen queue before anything else runs, as nginx's multi_accept does: one
    // accept per event-loop turn lets a reconnect storm overflow the backlog, and dropped
    // SYNs come back only after the kernel's 1, 3, 7, 15 s retransmits.
    for (boost::system::error_code more; acceptor_.is_open();) {
      tcp::socket next = acceptor_.accept(more);
      if (more) break;  // would block (queue empty), or an error the async path will see
      serve(std::move(next));
    }
    accept();
  });
}

void App::serve(tcp::socket socket) {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::make_shared<HttpSession>(*this, std::move(socket))->run();
}

void App::open_stream(tcp::socket socket, StreamAccept accept, bool chunked) {
  const std::string id = "c-" + id_prefix_ + "-" + std::to_string(++next_id_);
  const std::int64_t now = now_ms();
  auto stream =
      std::make_shared<StreamSession>(*this, std::move(socket), id, accept.principal, accept.scope,
                                      accept.grant, chunked, accept.dialect);

  nlohmann::ordered_json ready = {{"connectionId", id},
                                  {"heartbeatMs", config_.heartbeat_interval},
                                  {"topics", accept.grant.topics},
                                  {"sequence", broker_.sequence()},
                                  {"workspace", accept.grant.workspace},
                                  {"user", accept.principal.user}};
  std::vector<Frame> frames;
  if (accept.dialect) {
    frames.push_back(std::make_shared<const std::string>(
        format_retry(static_cast<std::uint64_t>(config_.retry_ms))));
    for (auto& f : accept.initial) frames.push_back(std::move(f));
  } else {
    frames.push_back(
        std::make_shared<const std::string>("retry: " + std::to_string(config_.retry_ms) + "\n" +
                                            format_event("", "hub.ready", ready.dump())));
  }

  nlohmann::json open_log = {{"conn", id},
                             {"dialect", accept.dialect ? accept.dialect->name() : "hub"},
                             {"user", accept.principal.user},
                             {"workspace", accept.grant.workspace},
                             {"topics", accept.grant.topics}};
  if (accept.last_event_id && accept.dialect) {
    const auto replay = broker_.replay(*stream, accept.grant.workspace, accept.grant.topics,
                                       *accept.last_event_id, now);
    for (const auto& event : replay) frames.push_back(accept.dialect->render(*event));
    metrics_.delivered(replay.size());
    open_log["lastEventId"] = *accept.last_event_id;
    open_log["replayed"] = replay.size();
  } else if (accept.last_event_id) {
    Resume resume = broker_.resume(*stream, accept.grant.workspace, accept.grant.topics,
                                   *accept.last_event_id, now);
    if (resume.snapshot_topics.empty()) {
      metrics_.replay_hit();
    } else {
      metrics_.replay_miss();
      metrics_.snapshot_sent(resume.snapshot_topics.size());
      log_line("warn", "resume_truncated",
               {{"conn", id},
                {"lastEventId", *accept.last_event_id},
                {"sequence", broker_.sequence()},
                {"snapshotTopics", resume.snapshot_topics}});
    }
    metrics_.delivered(resume.replayed);
    open_log["lastEventId"] = *accept.last_event_id;
    open_log["replayed"] = resume.replayed;
    for (auto& f : resume.frames) frames.push_back(std::move(f));
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

  streams_.emplace(id, stream);
  if (accept.dialect) ++dialect_open_[accept.dialect->name()];
  broker_.subscribe(*stream, accept.grant.workspace, accept.grant.topics);
  metrics_.connect();
  log_line("info", "stream_open", open_log);
  stream->start(std::move(head), std::move(frames));
  presence(*stream, true);
}

void App::stream_closed(StreamSession& stream, const std::string& reason) {
  broker_.unsubscribe(stream, stream.grant().workspace, stream.grant().topics);
  limiter_.release(stream.principal().user);
  if (stream.dialect()) --dialect_open_[stream.dialect()->name()];
  metrics_.close(reason);
  const auto duration = std::chrono::duration_cast<std::chrono::milliseconds>(stream.age()).count();
  log_line(reason == "slow_consumer" ? "warn" : "info", "stream_close",
           {{"conn", stream.id()},
            {"user", stream.principal().user},
            {"reason", reason},
            {"durationMs", duration},
            {"events", stream.events_sent()}});
  streams_.erase(stream.id());
  presence(stream, false);
}

void App::for_each_stream(const std::function<void(StreamSession&)>& fn) {
  std::vector<std::shared_ptr<StreamSession>> all;
  all.reserve(streams_.size());
  for (const auto& [id, s] : streams_) all.push_back(s);
  for (const auto& s : all) fn(*s);
}

void App::reload() {
  if (config_.data_file.empty()) return;
  try {
    auto model = read_model(config_.data_file);
    acl_ = Acl::from_json(model);
    model_ = std::move(model);  // the next {reset: true} restores this state
  } catch (const std::exception& e) {
    log_line("error", "reload_failed", {{"error", e.what()}});
    return;
  }
  std::size_t revoked = 0;
  for_each_stream([this, &revoked](StreamSession& s) {
    if (still_granted(s)) return;
    ++revoked;
    s.finish("access_revoked", s.error_frame("access_revoked", "access to this stream changed"));
  });
  log_line("info", "reloaded", {{"file", config_.data_file}, {"streamsRevoked", revoked}});
}

bool App::still_granted(const StreamSession& s) const {
  if (s.principal().user.empty()) return true;  // anonymous public streams
  const auto who = acl_.refresh(s.principal());
  if (!who) return false;
  if (s.dialect()) {
    const auto& topics = s.grant().topics;
    return std::all_of(topics.begin(), topics.end(),
                       [&](const std::string& t) { return acl_.may_read(who->role, t); });
  }
  Refusal refusal;
  const auto grant = acl_.grant(*who, s.scope(), refusal);
  return grant && *grant == s.grant();
}

void App::drain() {
  if (draining_) return;
  log_line("info", "draining", {{"streams", streams_.size()}});
  chat_->system_health("draining");  // published while the streams can still carry it
  draining_ = true;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  accept_retry_.cancel();
  const std::string hint = format_retry(static_cast<std::uint64_t>(config_.retry_ms));
  for_each_stream([&hint](StreamSession& s) { s.finish("draining", hint); });

  drain_poll(std::chrono::steady_clock::now() + std::chrono::milliseconds(config_.drain_timeout));
}

void App::drain_poll(std::chrono::steady_clock::time_point deadline) {
  if (streams_.empty() || std::chrono::steady_clock::now() >= deadline) {
    for_each_stream([](StreamSession& s) { s.abort("drain_timeout"); });
    log_line("info", "stopped", {});
    ioc_.stop();
    return;
  }
  drain_timer_.expires_after(std::chrono::milliseconds(20));
  drain_timer_.async_wait([this, deadline](const boost::system::error_code& ec) {
    if (!ec) drain_poll(deadline);
  });
}

}  // namespace hubd
