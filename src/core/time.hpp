#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace funnel::core {

// 2026-11-28T10:16:33Z (UTC, second precision).
std::string iso_utc(long long ms);
// Parses YYYY-MM-DD as UTC midnight, in ms; nullopt when malformed or impossible.
std::optional<long long> parse_date_ms(std::string_view s);

}  // namespace funnel::core
