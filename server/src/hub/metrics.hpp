// Counters, gauges and one histogram, rendered in the Prometheus text format.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>

namespace hubd {

class Metrics {
 public:
  void connect() { ++connects_; }
  void refusal(const std::string& reason) { ++refusals_[reason]; }
  void close(const std::string& reason) { ++closes_[reason]; }
  void auth_failure(const std::string& reason) { ++auth_failures_[reason]; }
  void published() { ++published_; }
  void delivered(std::uint64_t n) { deliveries_ += n; }
  void dropped() { ++drops_; }
  void replay_hit() { ++replay_hits_; }
  void replay_miss() { ++replay_misses_; }
  void snapshot_sent(std::uint64_t n) { snapshots_ += n; }
  void slow_consumer() { ++slow_consumers_; }
  void fanout_seconds(double seconds);

  // Gauges are read at render time. Counts only: no sequence, which would tell one tenant
  // another's activity rate.
  std::string render(std::int64_t open_streams, std::size_t buffered_events) const;

  static constexpr std::array<double, 12> kBuckets = {
      0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1.0};

 private:
  std::uint64_t connects_ = 0, published_ = 0, deliveries_ = 0, drops_ = 0;
  std::uint64_t replay_hits_ = 0, replay_misses_ = 0, snapshots_ = 0, slow_consumers_ = 0;
  std::map<std::string, std::uint64_t> refusals_, closes_, auth_failures_;
  std::array<std::uint64_t, kBuckets.size()> fanout_buckets_{};
  std::uint64_t fanout_count_ = 0;
  double fanout_sum_ = 0;
};

}  // namespace hubd
