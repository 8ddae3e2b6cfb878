#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "ssehub/backoff.hpp"

using ssehub::Backoff;
using ssehub::Jitter;
using ssehub::RetryConfig;
using ssehub::TimeMs;

TEST_CASE("no jitter: initial x factor^(n-1), capped", "[backoff]") {
  Backoff b(RetryConfig{1000, 2.0, 30000, Jitter::None, 3}, 1);
  std::vector<TimeMs> got;
  for (std::uint32_t n = 1; n <= 7; ++n) got.push_back(b.delay(n));
  CHECK(got == std::vector<TimeMs>{1000, 2000, 4000, 8000, 16000, 30000, 30000});
  CHECK(b.delay(200) == 30000);     // no overflow far past the cap
  CHECK(b.delay(1, 5000) == 5000);  // the server's retry: replaces the initial delay
}

TEST_CASE("each jitter kind stays in its range and spreads", "[backoff]") {
  for (Jitter kind : {Jitter::Full, Jitter::Equal, Jitter::Decorrelated}) {
    Backoff b(RetryConfig{1000, 2.0, 30000, kind, 3}, 99);
    std::vector<TimeMs> at_cap;
    for (int i = 0; i < 2000; ++i) {
      const std::uint32_t n = 1 + static_cast<std::uint32_t>(i % 8);
      const TimeMs d = b.delay(n);
      const TimeMs top = b.ceiling(n);
      switch (kind) {
        case Jitter::Full:
          REQUIRE((d >= 0 && d <= top));
          break;
        case Jitter::Equal:
          REQUIRE((d >= top / 2 && d <= top));
          break;
        default:
          REQUIRE((d >= 1000 && d <= 30000));
          break;
      }
      if (n == 8) at_cap.push_back(d);
    }
    std::sort(at_cap.begin(), at_cap.end());
    INFO(static_cast<int>(kind));
    CHECK(at_cap.back() - at_cap.front() > 5000);  // reconnects spread, not a herd
  }
}

TEST_CASE("the generator is deterministic per seed", "[backoff]") {
  auto draw = [](std::uint64_t seed) {
    Backoff b(RetryConfig{}, seed);
    std::vector<TimeMs> v;
    for (std::uint32_t n = 1; n < 20; ++n) v.push_back(b.delay(n));
    return v;
  };
  CHECK(draw(1) == draw(1));
  CHECK(draw(1) != draw(2));
}
