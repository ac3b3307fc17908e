#include "http/rate_limit.hpp"

#include <chrono>

#include "crypto/crypto.hpp"

namespace funnel::http {

std::string RateLimiter::key_of(std::string_view kind, const std::string& address, long long day) {
  if (day != day_) {
    day_ = day;
    salt_ = crypto::random_bytes(32);  // yesterday's keys can no longer be linked to today's
  }
  return std::string(kind) + ":" + crypto::blake2b_hex(salt_ + address).substr(0, 32);
}

bool RateLimiter::allow(std::string_view kind, const std::string& address, int per_hour) {
  if (per_hour <= 0) return true;
  using namespace std::chrono;
  const long long hour = duration_cast<hours>(system_clock::now().time_since_epoch()).count();
  std::lock_guard lk(m_);
  if (hour != hour_) {
    hour_ = hour;
    counts_.clear();
  }
  auto key = key_of(kind, address, hour / 24);
  auto it = counts_.find(key);
  if (it == counts_.end()) {
    if (counts_.size() >= max_keys_) return false;
    it = counts_.emplace(std::move(key), 0).first;
  }
  if (it->second >= per_hour) return false;
  ++it->second;
  return true;
}

}  // namespace funnel::http
