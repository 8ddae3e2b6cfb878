#include "net/sse_stream.hpp"

#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "core/log.hpp"
#include "net/sse.hpp"

namespace hubd {

namespace asio = boost::asio;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

StreamSession::StreamSession(App& app, asio::ip::tcp::socket socket, std::string id,
                             Principal principal, Scope scope, Grant grant, bool chunked,
                             std::shared_ptr<const SseDialect> dialect)
    : app_(app),
      socket_(std::move(socket)),
      heartbeat_(socket_.get_executor()),
      expiry_(socket_.get_executor()),
      id_(std::move(id)),
      principal_(std::move(principal)),
      scope_(std::move(scope)),
      grant_(std::move(grant)),
      chunked_(chunked),
      dialect_(std::move(dialect)),
      opened_(steady_clock::now()),
      last_enqueue_(opened_) {}

void StreamSession::start(std::string head, std::vector<Frame> frames) {
  head_ = std::move(head);
  for (auto& f : frames) enqueue(std::move(f));
  backlog_allowance_ = queued_bytes_;
  flush();
  arm_heartbeat(heartbeat_interval());
  arm_expiry();
  watch_peer();
}

std::string StreamSession::error_frame(const std::string& code, const std::string& message) const {
  return format_event("", dialect_ ? "error" : "hub.error",
                      nlohmann::json{{"code", code}, {"message", message}}.dump());
}

bool StreamSession::wants(const Event& event) const {
  if (!event.audience.empty() && event.audience != principal_.user) return false;
  return !grant_.resources || grant_.resources->count(event.resource_id) > 0;
}

void StreamSession::deliver(const EventPtr& event) {
  if (closed_ || finishing_) return;
  if (queued_bytes_ + inflight_bytes_ + event->frame->size() >
      static_cast<std::size_t>(app_.config().send_queue_bytes) + backlog_allowance_) {
    app_.metrics().dropped();
    app_.metrics().slow_consumer();
    abort("slow_consumer");
    return;
  }
  ++events_sent_;
  enqueue(dialect_ ? dialect_->render(*event) : event->frame);
  flush();
}

void StreamSession::enqueue(Frame frame) {
  queued_bytes_ += frame->size();
  queue_.push_back(std::move(frame));
  last_enqueue_ = steady_clock::now();
}

void StreamSession::flush() {
  if (writing_ || closed_) return;
  if (app_.faults().stall_writes && !finishing_) return;
  if (queue_.empty()) {
    if (!finishing_) return;
    if (!chunked_) return closed(finish_reason_);
    static constexpr char kLastChunk[] = "0\r\n\r\n";
    writing_ = true;
    asio::async_write(socket_, asio::buffer(kLastChunk, sizeof kLastChunk - 1),
                      [self = shared_from_this()](const boost::system::error_code&, std::size_t) {
                        self->writing_ = false;
                        self->closed(self->finish_reason_);
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

void StreamSession::on_write(const boost::system::error_code& ec) {
  writing_ = false;
  backlog_allowance_ -= std::min(backlog_allowance_, inflight_bytes_);
  inflight_.clear();
  inflight_bytes_ = 0;
  head_.clear();
  if (closed_) return;
  if (ec) return closed("client_gone");
  flush();
}

void StreamSession::arm_heartbeat(milliseconds after) {
  heartbeat_.expires_after(after);
  heartbeat_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->closed_ || self->finishing_) return;
    const milliseconds interval = self->heartbeat_interval();
    const auto idle =
        std::chrono::duration_cast<milliseconds>(steady_clock::now() - self->last_enqueue_);
    if (self->app_.faults().stop_heartbeats) return self->arm_heartbeat(interval);
    const auto& dialect = self->dialect_;
    const bool periodic = dialect && dialect->periodic_heartbeat();
    if (!periodic && idle < interval) return self->arm_heartbeat(interval - idle);
    self->enqueue(dialect ? dialect->heartbeat()
                          : std::make_shared<const std::string>(
                                format_comment("hb " + std::to_string(now_ms()))));
    self->flush();
    self->arm_heartbeat(interval);
  });
}

milliseconds StreamSession::heartbeat_interval() const {
  return milliseconds(dialect_ ? dialect_->heartbeat_ms() : app_.config().heartbeat_interval);
}

void StreamSession::arm_expiry() {
  if (!principal_.expires_at) return;
  const auto remaining = milliseconds(*principal_.expires_at * 1000 - now_ms());
  expiry_.expires_after(std::max(remaining, milliseconds(0)));
  expiry_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->closed_) return;
    self->finish("token_expired",
                 self->error_frame("token_expired", "the credentials have expired"));
  });
}

void StreamSession::watch_peer() {
  socket_.async_read_some(
      asio::buffer(&peer_byte_, 1),
      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
        if (self->closed_) return;
        if (ec) return self->closed("client_closed");
        self->watch_peer();
      });
}

void StreamSession::finish(const std::string& reason, std::string last_frame) {
  if (closed_ || finishing_) return;
  if (!last_frame.empty()) enqueue(std::make_shared<const std::string>(std::move(last_frame)));
  finishing_ = true;
  finish_reason_ = reason;
  flush();
}

void StreamSession::abort(const std::string& reason) { closed(reason); }

void StreamSession::closed(const std::string& reason) {
  if (closed_) return;
  auto self = shared_from_this();  // the registry may hold the last reference
  closed_ = true;
  heartbeat_.cancel();
  expiry_.cancel();
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  queue_.clear();
  queued_bytes_ = 0;
  app_.stream_closed(*this, reason);
}

}  // namespace hubd
