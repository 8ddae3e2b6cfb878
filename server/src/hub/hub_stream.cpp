#include "hub/hub_stream.hpp"

#include "core/clock.hpp"
#include "hub/streams.hpp"

namespace hubd {

using std::chrono::milliseconds;

HubStream::HubStream(Streams& owner, boost::asio::ip::tcp::socket socket, StreamInfo info,
                     bool chunked)
    : SseStream(std::move(socket), chunked), owner_(owner), info_(std::move(info)) {}

void HubStream::open(std::string head, std::vector<Frame> frames, std::size_t backlog) {
  start(std::move(head), std::move(frames), backlog);
  if (const auto& expires_at = info_.principal.expires_at)
    expire_after(milliseconds(*expires_at * 1000 - now_ms()));
}

bool HubStream::wants(const Event& event) const {
  if (!event.audience.empty() && event.audience != info_.principal.user) return false;
  return !info_.grant.resources || info_.grant.resources->count(event.resource_id) > 0;
}

void HubStream::deliver(const EventPtr& event) {
  if (ending()) return;
  // Bounded by the envelope's size, whichever frame this stream writes.
  if (!fits(event->frame->size())) {
    owner_.metrics().dropped();
    owner_.metrics().slow_consumer();
    return abort("slow_consumer");
  }
  send(info_.dialect ? info_.dialect->render(*event) : event->frame);
}

std::string HubStream::error_frame(const std::string& code, const std::string& message) const {
  return format_event("", info_.dialect ? "error" : "hub.error",
                      nlohmann::json{{"code", code}, {"message", message}}.dump());
}

milliseconds HubStream::heartbeat_interval() const {
  return milliseconds(info_.dialect ? info_.dialect->heartbeat_ms()
                                    : owner_.settings().heartbeat_ms);
}

bool HubStream::periodic_heartbeat() const {
  return info_.dialect && info_.dialect->periodic_heartbeat();
}

Frame HubStream::heartbeat_frame() const {
  if (info_.dialect) return info_.dialect->heartbeat();
  return std::make_shared<const std::string>(format_comment("hb " + std::to_string(now_ms())));
}

std::size_t HubStream::send_limit() const { return owner_.settings().send_queue_bytes; }

bool HubStream::writes_held() const { return owner_.faults().stall_writes; }

bool HubStream::heartbeats_held() const { return owner_.faults().stop_heartbeats; }

void HubStream::on_expired() {
  finish("token_expired", error_frame("token_expired", "the credentials have expired"));
}

void HubStream::on_closed(const std::string& reason) { owner_.closed(*this, reason); }

}  // namespace hubd
