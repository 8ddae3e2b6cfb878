// The open streams: each one opened (its first frames, what it missed, a broker subscription)
// and closed (unsubscribed, its connection slot released, counted and logged), ended when the
// data file no longer grants it, and all of them drained at SIGTERM.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "hub/broker.hpp"
#include "hub/faults.hpp"
#include "hub/limits.hpp"
#include "hub/metrics.hpp"
#include "hub/stream_gate.hpp"
#include "hub/stream_watch.hpp"

namespace hubd {

class HubStream;

struct StreamSettings {
  std::int64_t heartbeat_ms = 15000;  // hub protocol streams; dialects have their own
  std::int64_t retry_ms = 1000;       // the `retry:` hint
  std::size_t send_queue_bytes = 1 << 20;
  std::int64_t drain_timeout_ms = 5000;
};

class Streams final : public StreamWatch {
 public:
  Streams(boost::asio::io_context& io, Broker& broker, ConnectionLimiter& limiter, Metrics& metrics,
          const Faults& faults, StreamSettings settings);
  ~Streams() override;

  // An admitted stream takes over the socket.
  void open(tcp::socket socket, StreamAccept accept, bool chunked);
  // From HubStream, once, when it is gone.
  void closed(HubStream& stream, const std::string& reason);

  void for_each(const std::function<void(HubStream&)>& fn);
  // Ends with access_revoked each stream the (reloaded) model no longer grants; how many.
  std::size_t revoke_ungranted(const Acl& acl);
  // SIGTERM: the drain hooks run, every stream gets a `retry:` hint and ends, and `stopped`
  // runs once all are gone or the drain timeout passed (the rest are aborted).
  void drain(std::function<void()> stopped);
  bool draining() const { return draining_; }

  void on_open(Hook hook) override { open_hooks_.push_back(std::move(hook)); }
  void on_close(Hook hook) override { close_hooks_.push_back(std::move(hook)); }
  void on_drain(std::function<void()> hook) override { drain_hooks_.push_back(std::move(hook)); }
  std::size_t open_streams() const override { return streams_.size(); }

  const StreamSettings& settings() const { return settings_; }
  const Faults& faults() const { return faults_; }
  Metrics& metrics() { return metrics_; }

 private:
  void start(const std::shared_ptr<HubStream>& stream, const StreamAccept& accept, bool chunked,
             Catchup missed);
  void drain_poll(std::chrono::steady_clock::time_point deadline, std::function<void()> stopped);

  Broker& broker_;
  ConnectionLimiter& limiter_;
  Metrics& metrics_;
  const Faults& faults_;
  StreamSettings settings_;
  boost::asio::steady_timer drain_timer_;
  std::unordered_map<std::string, std::shared_ptr<HubStream>> streams_;
  std::string id_prefix_;
  std::uint64_t next_id_ = 0;
  bool draining_ = false;
  std::vector<Hook> open_hooks_, close_hooks_;
  std::vector<std::function<void()>> drain_hooks_;
};

}  // namespace hubd
