#include "net/sse_stream.hpp"

#include <boost/asio/write.hpp>
#include <cstdio>

namespace hubd {

namespace asio = boost::asio;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

SseStream::SseStream(asio::ip::tcp::socket socket, bool chunked)
    : socket_(std::move(socket)),
      heartbeat_(socket_.get_executor()),
      expiry_(socket_.get_executor()),
      chunked_(chunked),
      opened_(steady_clock::now()),
      last_enqueue_(opened_) {}

void SseStream::start(std::string head, std::vector<Frame> frames, std::size_t backlog) {
  head_ = std::move(head);
  for (auto& f : frames) enqueue(std::move(f));
  backlog_allowance_ = backlog;
  flush();
  arm_heartbeat(heartbeat_interval());
  watch_peer();
}

void SseStream::expire_after(milliseconds after) {
  expiry_.expires_after(std::max(after, milliseconds(0)));
  expiry_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->closed_) return;
    self->on_expired();
  });
}

void SseStream::send(Frame frame) {
  ++frames_sent_;
  enqueue(std::move(frame));
  flush();
}

void SseStream::enqueue(Frame frame) {
  queued_bytes_ += frame->size();
  queue_.push_back(std::move(frame));
  last_enqueue_ = steady_clock::now();
}

void SseStream::flush() {
  if (writing_ || closed_) return;
  if (writes_held() && !finishing_) return;
  if (queue_.empty()) {
    if (!finishing_) return;
    if (!chunked_) return close(finish_reason_);
    static constexpr char kLastChunk[] = "0\r\n\r\n";
    writing_ = true;
    asio::async_write(socket_, asio::buffer(kLastChunk, sizeof kLastChunk - 1),
                      [self = shared_from_this()](const boost::system::error_code&, std::size_t) {
                        self->writing_ = false;
                        self->close(self->finish_reason_);
                      });
    return;
  }
  inflight_.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
  queue_.clear();
  inflight_bytes_ = queued_bytes_;
  queued_bytes_ = 0;

  buffers_.clear();
  if (!head_.empty()) buffers_.push_back(asio::buffer(head_));
  if (chunked_) {
    char size[20];
    const int n = std::snprintf(size, sizeof size, "%zx\r\n", inflight_bytes_);
    chunk_head_.assign(size, static_cast<std::size_t>(n));
    buffers_.push_back(asio::buffer(chunk_head_));
  }
  for (const auto& f : inflight_) buffers_.push_back(asio::buffer(*f));
  if (chunked_) buffers_.push_back(asio::buffer("\r\n", 2));

  writing_ = true;
  asio::async_write(socket_, buffers_,
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                      self->on_write(ec);
                    });
}

void SseStream::on_write(const boost::system::error_code& ec) {
  writing_ = false;
  backlog_allowance_ -= std::min(backlog_allowance_, inflight_bytes_);
  inflight_.clear();
  inflight_bytes_ = 0;
  head_.clear();
  if (closed_) return;
  if (ec) return close("client_gone");
  flush();
}

void SseStream::arm_heartbeat(milliseconds after) {
  heartbeat_.expires_after(after);
  heartbeat_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->closed_ || self->finishing_) return;
    const milliseconds interval = self->heartbeat_interval();
    const auto idle =
        std::chrono::duration_cast<milliseconds>(steady_clock::now() - self->last_enqueue_);
    if (self->heartbeats_held()) return self->arm_heartbeat(interval);
    if (!self->periodic_heartbeat() && idle < interval) return self->arm_heartbeat(interval - idle);
    self->enqueue(self->heartbeat_frame());
    self->flush();
    self->arm_heartbeat(interval);
  });
}

void SseStream::watch_peer() {
  socket_.async_read_some(
      asio::buffer(&peer_byte_, 1),
      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
        if (self->closed_) return;
        if (ec) return self->close("client_closed");
        self->watch_peer();
      });
}

void SseStream::finish(const std::string& reason, std::string last_frame) {
  if (closed_ || finishing_) return;
  if (!last_frame.empty()) enqueue(std::make_shared<const std::string>(std::move(last_frame)));
  finishing_ = true;
  finish_reason_ = reason;
  flush();
}

void SseStream::abort(const std::string& reason) { close(reason); }

void SseStream::close(const std::string& reason) {
  if (closed_) return;
  auto self = shared_from_this();  // the owner's registry may hold the last reference
  closed_ = true;
  heartbeat_.cancel();
  expiry_.cancel();
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  queue_.clear();
  queued_bytes_ = 0;
  on_closed(reason);
}

}  // namespace hubd
