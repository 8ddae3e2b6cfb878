#include "hub/limits.hpp"

#include <algorithm>

namespace hubd {

Admission ConnectionLimiter::try_acquire(const std::string& user, std::int64_t now_ms) {
  if (open_ >= options_.global) return Admission::GlobalLimit;
  if (user.empty()) {  // anonymous public streams: only the global cap applies
    ++open_;
    ++per_user_[user];
    return Admission::Admitted;
  }
  if (open_for(user) >= options_.per_user) return Admission::UserLimit;

  auto [it, fresh] = buckets_.try_emplace(user, Bucket{options_.burst, now_ms});
  Bucket& bucket = it->second;
  if (!fresh) {
    const double elapsed =
        static_cast<double>(std::max<std::int64_t>(0, now_ms - bucket.updated_ms));
    bucket.tokens =
        std::min(options_.burst, bucket.tokens + elapsed / 1000.0 * options_.rate_per_second);
    bucket.updated_ms = now_ms;
  }
  if (bucket.tokens < 1) return Admission::RateLimit;
  bucket.tokens -= 1;

  ++open_;
  ++per_user_[user];
  // A full bucket carries no information: drop it so idle users cost nothing.
  if (buckets_.size() > 4096) {
    std::erase_if(buckets_, [&](const auto& kv) {
      return kv.second.tokens + static_cast<double>(now_ms - kv.second.updated_ms) / 1000.0 *
                                    options_.rate_per_second >=
             options_.burst;
    });
  }
  return Admission::Admitted;
}

void ConnectionLimiter::release(const std::string& user) {
  auto it = per_user_.find(user);
  if (it == per_user_.end()) return;
  --open_;
  if (--it->second == 0) per_user_.erase(it);
}

std::int64_t ConnectionLimiter::open_for(const std::string& user) const {
  auto it = per_user_.find(user);
  return it == per_user_.end() ? 0 : it->second;
}

}  // namespace hubd
