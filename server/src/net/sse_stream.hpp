// One open event stream (hub protocol v1, or a plain SSE dialect): a bounded send queue of shared
// frames written in batches, an idle heartbeat, a close at token expiry, and detection of the
// client going away.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "auth/acl.hpp"
#include "hub/broker.hpp"
#include "hub/sse_dialect.hpp"

namespace hubd {

class App;

class StreamSession final : public Subscriber, public std::enable_shared_from_this<StreamSession> {
 public:
  StreamSession(App& app, boost::asio::ip::tcp::socket socket, std::string id, Principal principal,
                Scope scope, Grant grant, bool chunked,
                std::shared_ptr<const SseDialect> dialect = nullptr);

  // `head` is the HTTP response header block; `frames` the hub.ready and resume frames.
  void start(std::string head, std::vector<Frame> frames);

  bool wants(const Event& event) const override;
  void deliver(const EventPtr& event) override;

  // Graceful end: send `last_frame`, flush, end the response, close.
  void finish(const std::string& reason, std::string last_frame);
  // Immediate end, nothing more is sent.
  void abort(const std::string& reason);
  // The frame that ends this stream with an error: `hub.error`, or `error` in a plain dialect.
  std::string error_frame(const std::string& code, const std::string& message) const;
  // Writes resume after the stallWrites fault is lifted.
  void kick() { flush(); }

  const std::string& id() const { return id_; }
  const Principal& principal() const { return principal_; }
  const Scope& scope() const { return scope_; }
  const Grant& grant() const { return grant_; }
  // Null for hub protocol streams.
  const SseDialect* dialect() const { return dialect_.get(); }
  std::chrono::steady_clock::duration age() const {
    return std::chrono::steady_clock::now() - opened_;
  }
  std::uint64_t events_sent() const { return events_sent_; }

 private:
  void enqueue(Frame frame);
  void flush();
  void on_write(const boost::system::error_code& ec);
  void arm_heartbeat(std::chrono::milliseconds after);
  std::chrono::milliseconds heartbeat_interval() const;
  void arm_expiry();
  void watch_peer();
  void closed(const std::string& reason);

  App& app_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer heartbeat_;
  boost::asio::steady_timer expiry_;
  std::string id_;
  Principal principal_;
  Scope scope_;
  Grant grant_;
  bool chunked_;
  std::shared_ptr<const SseDialect> dialect_;

  std::string head_;  // until the first write completes
  std::deque<Frame> queue_;
  std::size_t queued_bytes_ = 0;
  std::vector<Frame> inflight_;
  std::size_t inflight_bytes_ = 0;
  // A resume's replay may exceed the send queue bound; it is allowed on top until written.
  std::size_t backlog_allowance_ = 0;
  std::vector<boost::asio::const_buffer> buffers_;
  std::string chunk_head_;
  bool writing_ = false;
  bool finishing_ = false;
  bool closed_ = false;
  std::string finish_reason_;
  std::chrono::steady_clock::time_point opened_;
  std::chrono::steady_clock::time_point last_enqueue_;
  std::uint64_t events_sent_ = 0;
  char peer_byte_ = 0;
};

}  // namespace hubd
