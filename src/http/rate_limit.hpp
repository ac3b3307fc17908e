#pragma once
// Per-network limits for the public portal (IN-6). The client's address is
// never stored: it is hashed with a random salt that changes every day and
// lives only in memory; counters are per key, kind and hour.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace funnel::http {

class RateLimiter {
 public:
  explicit RateLimiter(std::size_t max_keys = 200'000) : max_keys_(max_keys) {}
  // Counts one event of `kind` for this address; false when the hour's
  // limit is reached (or when the table is full: it then refuses rather
  // than grows).
  bool allow(std::string_view kind, const std::string& address, int per_hour);

 private:
  std::string key_of(std::string_view kind, const std::string& address, long long day);
  std::mutex m_;
  std::size_t max_keys_;
  long long day_ = -1, hour_ = -1;
  std::string salt_;
  std::unordered_map<std::string, int> counts_;  // this hour's counters
};

}  // namespace funnel::http
