// An open stream as the hub sees it: a broker subscriber speaking hub protocol v1 (envelope
// frames, `: hb` comments, hub.error) or a plain SSE dialect, closed at token expiry.
#pragma once

#include "hub/broker.hpp"
#include "hub/stream_watch.hpp"
#include "net/sse_stream.hpp"

namespace hubd {

class Streams;

class HubStream final : public SseStream, public Subscriber {
 public:
  HubStream(Streams& owner, boost::asio::ip::tcp::socket socket, StreamInfo info, bool chunked);

  // The first frames (`backlog` bytes of them allowed past the send queue bound until
  // written), and the close at the principal's expiry.
  void open(std::string head, std::vector<Frame> frames, std::size_t backlog);

  bool wants(const Event& event) const override;
  void deliver(const EventPtr& event) override;

  // The frame that ends this stream with an error: `hub.error`, or `error` in a plain dialect.
  std::string error_frame(const std::string& code, const std::string& message) const;

  const StreamInfo& info() const { return info_; }

 private:
  std::chrono::milliseconds heartbeat_interval() const override;
  bool periodic_heartbeat() const override;
  Frame heartbeat_frame() const override;
  std::size_t send_limit() const override;
  bool writes_held() const override;
  bool heartbeats_held() const override;
  void on_expired() override;
  void on_closed(const std::string& reason) override;

  Streams& owner_;
  StreamInfo info_;
};

}  // namespace hubd
