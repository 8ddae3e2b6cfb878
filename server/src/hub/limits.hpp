// Stream admission: per-user and global caps on open streams and a per-user connect rate
// (token bucket). Time is passed in.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

namespace hubd {

struct LimitOptions {
  std::int64_t per_user = 8;
  std::int64_t global = 10000;
  double rate_per_second = 10;
  double burst = 30;
};

enum class Admission { Admitted, UserLimit, RateLimit, GlobalLimit };

class ConnectionLimiter {
 public:
  explicit ConnectionLimiter(LimitOptions options) : options_(options) {}

  // On Admitted the caller owns one slot and must release() it when the stream ends. An
  // empty user is anonymous: only the global cap applies.
  Admission try_acquire(const std::string& user, std::int64_t now_ms);
  void release(const std::string& user);

  std::int64_t open() const { return open_; }
  std::int64_t open_for(const std::string& user) const;

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t updated_ms = 0;
  };
  LimitOptions options_;
  std::int64_t open_ = 0;
  std::unordered_map<std::string, std::int64_t> per_user_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace hubd
