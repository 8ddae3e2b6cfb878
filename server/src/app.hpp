// The running hub: configuration, the authorization model, auth, broker, limits, metrics,
// the listener, the open streams, test-mode faults and SIGTERM draining. Single-threaded:
// everything runs on one io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
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

namespace hubd {

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

class StreamSession;

struct Faults {
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
};

using RouteResult = std::variant<Response, StreamAccept>;

std::int64_t now_ms();

class App {
 public:
  App(boost::asio::io_context& ioc, Config config, Acl acl);

  // Binds and listens; logs {"event":"listening","port":N}. Throws on bind failure.
  void start();
  // SIGTERM: stop accepting, ask every stream to come back later, stop once they are gone.
  void drain();
  // SIGHUP: reload the data file; streams whose grant changed get hub.error access_revoked.
  void reload();

  RouteResult handle(const Request& request, const std::string& remote);
  void open_stream(tcp::socket socket, StreamAccept accept, bool chunked);
  void stream_closed(StreamSession& stream, const std::string& reason);

  const Config& config() const { return config_; }
  const Faults& faults() const { return faults_; }
  Metrics& metrics() { return metrics_; }
  boost::asio::io_context& io() { return ioc_; }
  bool draining() const { return draining_; }
  std::uint16_t port() const { return port_; }

 private:
  void accept();
  void drain_poll(std::chrono::steady_clock::time_point deadline);
  RouteResult route_events(const Request& req, const std::string& remote);
  Response publish(const Request& req);
  Response session(const Request& req);
  Response token(const Request& req);
  Response faults(const Request& req);
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
  tcp::acceptor acceptor_;
  boost::asio::steady_timer accept_retry_;
  boost::asio::steady_timer drain_timer_;
  std::unordered_map<std::string, std::shared_ptr<StreamSession>> streams_;
  std::string id_prefix_;
  std::uint64_t next_id_ = 0;
  std::mt19937 rng_;
  bool draining_ = false;
  std::uint16_t port_ = 0;
};

}  // namespace hubd
