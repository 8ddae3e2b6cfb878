// One open text/event-stream response: a bounded send queue of shared frames written in
// batches, a heartbeat, an optional deadline, and detection of the client going away. What
// the frames say and what a close means belong to the subclass (hub/hub_stream.hpp).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "net/sse.hpp"

namespace hubd {

class SseStream : public std::enable_shared_from_this<SseStream> {
 public:
  SseStream(boost::asio::ip::tcp::socket socket, bool chunked);
  virtual ~SseStream() = default;
  SseStream(const SseStream&) = delete;
  SseStream& operator=(const SseStream&) = delete;

  // Graceful end: send `last_frame`, flush, end the response, close.
  void finish(const std::string& reason, std::string last_frame);
  // Immediate end, nothing more is sent.
  void abort(const std::string& reason);
  // Writes resume (after the test-mode stall of writes is lifted).
  void kick() { flush(); }

  std::chrono::steady_clock::duration age() const {
    return std::chrono::steady_clock::now() - opened_;
  }
  std::uint64_t frames_sent() const { return frames_sent_; }  // through send()

 protected:
  // `head` is the HTTP response header block, `frames` what the stream starts with; `backlog`
  // bytes of them (a resume's replay of shared frames) are allowed on top of the send queue
  // bound until written.
  void start(std::string head, std::vector<Frame> frames, std::size_t backlog);
  // on_expired() runs after `after`, unless the stream ended first.
  void expire_after(std::chrono::milliseconds after);

  // Finishing or closed: nothing more is queued.
  bool ending() const { return closed_ || finishing_; }
  // Whether `bytes` more stay within the send queue bound.
  bool fits(std::size_t bytes) const {
    return queued_bytes_ + inflight_bytes_ + bytes <= send_limit() + backlog_allowance_;
  }
  // Queues a frame and writes.
  void send(Frame frame);

  virtual std::chrono::milliseconds heartbeat_interval() const = 0;
  // Every interval even while frames flow (a `ping` the client watches for), or only when
  // idle that long.
  virtual bool periodic_heartbeat() const = 0;
  virtual Frame heartbeat_frame() const = 0;
  virtual std::size_t send_limit() const = 0;
  // Test-mode faults: frames queue but are not written; heartbeats are skipped.
  virtual bool writes_held() const = 0;
  virtual bool heartbeats_held() const = 0;
  virtual void on_expired() = 0;
  // The stream is gone (once): the last call into the subclass.
  virtual void on_closed(const std::string& reason) = 0;

 private:
  void enqueue(Frame frame);
  void flush();
  void on_write(const boost::system::error_code& ec);
  void arm_heartbeat(std::chrono::milliseconds after);
  void watch_peer();
  void close(const std::string& reason);

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer heartbeat_;
  boost::asio::steady_timer expiry_;
  bool chunked_;

  std::string head_;  // until the first write completes
  std::deque<Frame> queue_;
  std::size_t queued_bytes_ = 0;
  std::vector<Frame> inflight_;
  std::size_t inflight_bytes_ = 0;
  std::size_t backlog_allowance_ = 0;
  std::vector<boost::asio::const_buffer> buffers_;
  std::string chunk_head_;
  bool writing_ = false;
  bool finishing_ = false;
  bool closed_ = false;
  std::string finish_reason_;
  std::chrono::steady_clock::time_point opened_;
  std::chrono::steady_clock::time_point last_enqueue_;
  std::uint64_t frames_sent_ = 0;
  char peer_byte_ = 0;
};

}  // namespace hubd
