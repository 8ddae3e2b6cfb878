#include "ssehub/backoff.hpp"

#include <algorithm>

namespace ssehub {

std::uint64_t Rng::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

TimeMs Rng::between(TimeMs lo, TimeMs hi) {
  if (hi <= lo) return lo;
  const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
  return lo + static_cast<TimeMs>(next() % span);
}

TimeMs Backoff::ceiling(std::uint32_t attempt, TimeMs base_ms) const {
  const TimeMs base = std::max<TimeMs>(base_ms > 0 ? base_ms : config_.initial_ms, 0);
  const double cap = static_cast<double>(std::max(config_.max_ms, base));
  double grown = static_cast<double>(base);
  for (std::uint32_t n = 1; n < attempt && grown < cap; ++n) grown *= std::max(config_.factor, 1.0);
  return static_cast<TimeMs>(std::min(grown, cap));
}

TimeMs Backoff::delay(std::uint32_t attempt, TimeMs base_ms) {
  const TimeMs top = ceiling(attempt, base_ms);
  switch (config_.jitter) {
    case Jitter::None:
      return top;
    case Jitter::Full:
      return rng_.between(0, top);
    case Jitter::Equal:
      return top / 2 + rng_.between(0, top - top / 2);
    case Jitter::Decorrelated: {
      const TimeMs base = ceiling(1, base_ms);
      const TimeMs cap = std::max(config_.max_ms, base);
      const TimeMs previous = previous_ > 0 ? previous_ : base;
      previous_ = std::min(cap, rng_.between(base, previous * 3));
      return previous_;
    }
  }
  return top;
}

}  // namespace ssehub
