#include <catch2/catch.hpp>

#include "hub/limits.hpp"

using hubd::Admission;
using hubd::ConnectionLimiter;

TEST_CASE("per-user cap then 429, released slots reusable", "[limits]") {
  ConnectionLimiter l({2, 100, 100, 100});
  CHECK(l.try_acquire("a", 0) == Admission::Admitted);
  CHECK(l.try_acquire("a", 0) == Admission::Admitted);
  CHECK(l.try_acquire("a", 0) == Admission::UserLimit);
  CHECK(l.try_acquire("b", 0) == Admission::Admitted);
  l.release("a");
  CHECK(l.open_for("a") == 1);
  CHECK(l.try_acquire("a", 0) == Admission::Admitted);
  CHECK(l.open() == 3);
  l.release("nobody");
  CHECK(l.open() == 3);
}

TEST_CASE("global cap", "[limits]") {
  ConnectionLimiter l({10, 3, 100, 100});
  for (const char* u : {"a", "b", "c"}) CHECK(l.try_acquire(u, 0) == Admission::Admitted);
  CHECK(l.try_acquire("d", 0) == Admission::GlobalLimit);
  l.release("b");
  CHECK(l.try_acquire("d", 0) == Admission::Admitted);
}

TEST_CASE("connect rate: burst, then refill over time", "[limits]") {
  ConnectionLimiter l({1000, 1000, 2, 3});  // 2/s, burst 3
  for (int i = 0; i < 3; ++i) {
    CHECK(l.try_acquire("a", 0) == Admission::Admitted);
    l.release("a");
  }
  CHECK(l.try_acquire("a", 0) == Admission::RateLimit);
  CHECK(l.try_acquire("b", 0) == Admission::Admitted);  // per user
  CHECK(l.try_acquire("a", 499) == Admission::RateLimit);
  CHECK(l.try_acquire("a", 500) == Admission::Admitted);
}
