// Reconnect delays: exponential backoff with a choice of jitter, from a seedable
// generator so that a test (or a replay of a field report) sees the same delays.
#pragma once

#include <cstdint>

#include "ssehub/hub.hpp"

namespace ssehub {

// splitmix64: tiny, fast, and good enough to spread reconnects.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [lo, hi].
  TimeMs between(TimeMs lo, TimeMs hi);

 private:
  std::uint64_t state_;
};

class Backoff {
 public:
  Backoff(const RetryConfig& config, std::uint64_t seed) : config_(config), rng_(seed) {}

  // The delay before attempt `attempt` (1 = the first retry). `base_ms` replaces the
  // configured initial delay when the server sent `retry:` (0: none).
  TimeMs delay(std::uint32_t attempt, TimeMs base_ms = 0);
  // The deterministic ceiling the jitter draws under.
  TimeMs ceiling(std::uint32_t attempt, TimeMs base_ms = 0) const;
  void reset() { previous_ = 0; }

 private:
  RetryConfig config_;
  Rng rng_;
  TimeMs previous_ = 0;  // decorrelated jitter's last delay
};

}  // namespace ssehub
