// The running hub: configuration, the authorization model, auth, broker, limits, metrics,
// the listener, the open streams, test-mode faults and SIGTERM draining. Single-threaded:
// everything runs on one io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <variant>

#include "acl.hpp"
#include "auth.hpp"
#include "broker.hpp"
#include "config.hpp"
#include "limits.hpp"
#include "metrics.hpp"
#include "sse_dialect.hpp"

namespace hubd {

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

class StreamSession;

struct Faults {
  bool fail_mutations = false;  // mark-as-read answers 500
  bool stop_heartbeats = false;
  bool stall_writes = false;
  int refuse_status = 0;
  std::chrono::steady_clock::time_point refuse_until{};
};

// A stream request that passed every check; the HTTP session hands its socket over.
struct StreamAccept {
  Principal principal;
  Scope scope;
  Grant grant;
  std::optional<std::uint64_t> last_event_id;
  std::string cors_origin;  // echoed in Access-Control-Allow-Origin when allowed
  // Set for a seed product's plain SSE stream: its dialect and the frames it starts with.
  std::shared_ptr<const SseDialect> dialect;
  std::vector<Frame> initial;
};

using RouteResult = std::variant<Response, StreamAccept>;

std::int64_t now_ms();

class ProjectsService;
class ActivityService;
class ChatService;
class DashboardService;
class DebateService;
struct ApiCall;

class App {
 public:
  // `model` is the data file: the authorization model and the seed products' initial state.
  App(boost::asio::io_context& ioc, Config config, nlohmann::json model);
  ~App();

  // Binds and listens; logs {"event":"listening","port":N}. Throws on bind failure.
  void start();
  // SIGTERM: stop accepting, ask every stream to come back later, stop once they are gone.
  void drain();
  // SIGHUP: reload the data file; streams whose grant changed get hub.error access_revoked.
  void reload();

  RouteResult handle(const Request& request, const std::string& remote);
  void open_stream(tcp::socket socket, StreamAccept accept, bool chunked);
  void stream_closed(StreamSession& stream, const std::string& reason);

  // Publishes through the broker, with metrics and a log line. `audience`: only that user's
  // streams receive the event.
  PublishResult emit(const std::string& workspace, const std::string& topic,
                     const std::string& resource_id, nlohmann::json payload,
                     std::string audience = {});
  // A seed product's plain SSE stream: the same limits and refusals as the hub's stream.
  // `who` null: an anonymous (public) stream.
  RouteResult admit_plain(const Request& req, const Principal* who, Grant grant,
                          std::shared_ptr<const SseDialect> dialect, std::vector<Frame> initial);
  // Credentials of a request (bearer or session cookie), or a 401/403 in `error`.
  std::optional<Principal> authenticate(const Request& req, Response& error);
  // Open streams of a plain dialect.
  std::size_t dialect_streams(const std::string& name) const;
  std::size_t open_streams() const { return streams_.size(); }

  const Acl& acl() const { return acl_; }
  const Config& config() const { return config_; }
  const Faults& faults() const { return faults_; }
  Metrics& metrics() { return metrics_; }
  boost::asio::io_context& io() { return ioc_; }
  bool draining() const { return draining_; }
  std::uint16_t port() const { return port_; }

 private:
  void accept();
  void serve(boost::asio::ip::tcp::socket socket);
  void drain_poll(std::chrono::steady_clock::time_point deadline);
  RouteResult route_events(const Request& req, const std::string& remote);
  std::optional<RouteResult> route_domain(const Request& req,
                                          const std::optional<Principal>& acting = std::nullopt);
  Response act(const Request& req);
  void reset_domain();
  bool still_granted(const StreamSession& stream) const;
  void presence(const StreamSession& stream, bool online);
  std::optional<std::uint64_t> last_event_id(const Request& req) const;
  std::optional<Response> refuse_early();
  std::optional<Response> acquire(const std::string& user, std::int64_t now);
  Response publish(const Request& req);
  PublishResult publish_event(PublishInput in);
  Response session(const Request& req);
  Response token(const Request& req);
  Response faults(const Request& req);
  Response requests_seen() const;
  Response healthz() const;
  Response static_file(const Request& req);
  Response preflight(const Request& req);
  Response refuse(int status, const std::string& code, const std::string& message,
                  int retry_after_base = 0);
  std::string allowed_origin(const Request& req) const;
  void for_each_stream(const std::function<void(StreamSession&)>& fn);

  boost::asio::io_context& ioc_;
  Config config_;
  Acl acl_;
  Authenticator auth_;
  Broker broker_;
  ConnectionLimiter limiter_;
  Metrics metrics_;
  Faults faults_;
  // Test mode: the last requests ("GET /path"), so that browser tests count polls server-side.
  std::deque<std::string> request_log_;
  std::uint64_t request_log_dropped_ = 0;
  tcp::acceptor acceptor_;
  boost::asio::steady_timer accept_retry_;
  boost::asio::steady_timer drain_timer_;
  std::unordered_map<std::string, std::shared_ptr<StreamSession>> streams_;
  std::string id_prefix_;
  std::uint64_t next_id_ = 0;
  std::mt19937 rng_;
  bool draining_ = false;
  std::uint16_t port_ = 0;
  // The seed products' state, last: built on everything above.
  nlohmann::json model_;
  std::unique_ptr<ProjectsService> projects_;
  std::unique_ptr<ActivityService> activity_;
  std::unique_ptr<ChatService> chat_;
  std::unique_ptr<DashboardService> dashboard_;
  std::unique_ptr<DebateService> debates_;
  std::map<std::string, std::size_t> dialect_open_;
};

}  // namespace hubd
