#include "app.hpp"

#include <boost/asio/ip/address.hpp>
#include <cstdio>

#include "http_session.hpp"
#include "log.hpp"
#include "sse.hpp"
#include "stream_session.hpp"

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

App::App(asio::io_context& ioc, Config config, Acl acl)
    : ioc_(ioc),
      config_(std::move(config)),
      acl_(std::move(acl)),
      auth_(acl_, jwt_options(config_), config_.session_secret, config_.session_ttl),
      broker_(BrokerLimits{static_cast<std::size_t>(config_.replay_count), config_.replay_age}),
      limiter_(LimitOptions{config_.max_connections_per_user, config_.max_connections,
                            config_.connect_rate, static_cast<double>(config_.connect_burst)}),
      acceptor_(ioc),
      accept_retry_(ioc),
      drain_timer_(ioc),
      id_prefix_(hex(random_bytes(3))),
      rng_(std::random_device{}()) {}

void App::start() {
  const tcp::endpoint endpoint(asio::ip::make_address(config_.bind),
                               static_cast<std::uint16_t>(config_.port));
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
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
    socket.set_option(tcp::no_delay(true));
    std::make_shared<HttpSession>(*this, std::move(socket))->run();
    accept();
  });
}

void App::open_stream(tcp::socket socket, StreamAccept accept, bool chunked) {
  const std::string id = "c-" + id_prefix_ + "-" + std::to_string(++next_id_);
  const std::int64_t now = now_ms();
  auto stream = std::make_shared<StreamSession>(*this, std::move(socket), id, accept.principal,
                                                accept.scope, accept.grant, chunked);

  nlohmann::ordered_json ready = {{"connectionId", id},
                                  {"heartbeatMs", config_.heartbeat_interval},
                                  {"topics", accept.grant.topics},
                                  {"sequence", broker_.sequence()},
                                  {"workspace", accept.grant.workspace},
                                  {"user", accept.principal.user}};
  std::vector<Frame> frames;
  frames.push_back(
      std::make_shared<const std::string>("retry: " + std::to_string(config_.retry_ms) + "\n" +
                                          format_event("", "hub.ready", ready.dump())));

  nlohmann::json open_log = {{"conn", id},
                             {"user", accept.principal.user},
                             {"workspace", accept.grant.workspace},
                             {"topics", accept.grant.topics}};
  if (accept.last_event_id) {
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
  broker_.subscribe(*stream, accept.grant.workspace, accept.grant.topics);
  metrics_.connect();
  log_line("info", "stream_open", open_log);
  stream->start(std::move(head), std::move(frames));
}

void App::stream_closed(StreamSession& stream, const std::string& reason) {
  broker_.unsubscribe(stream, stream.grant().workspace, stream.grant().topics);
  limiter_.release(stream.principal().user);
  metrics_.close(reason);
  const auto duration = std::chrono::duration_cast<std::chrono::milliseconds>(stream.age()).count();
  log_line(reason == "slow_consumer" ? "warn" : "info", "stream_close",
           {{"conn", stream.id()},
            {"user", stream.principal().user},
            {"reason", reason},
            {"durationMs", duration},
            {"events", stream.events_sent()}});
  streams_.erase(stream.id());
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
    acl_ = Acl::from_file(config_.data_file);
  } catch (const std::exception& e) {
    log_line("error", "reload_failed", {{"error", e.what()}});
    return;
  }
  std::size_t revoked = 0;
  for_each_stream([this, &revoked](StreamSession& s) {
    Refusal refusal;
    const auto who = acl_.refresh(s.principal());
    const auto grant = who ? acl_.grant(*who, s.scope(), refusal) : std::nullopt;
    if (grant && *grant == s.grant()) return;
    ++revoked;
    s.finish("access_revoked", error_frame("access_revoked", "access to this stream changed"));
  });
  log_line("info", "reloaded", {{"file", config_.data_file}, {"streamsRevoked", revoked}});
}

void App::drain() {
  if (draining_) return;
  draining_ = true;
  log_line("info", "draining", {{"streams", streams_.size()}});
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
