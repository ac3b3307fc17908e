#pragma once
#include <string>
#include <string_view>

namespace funnel::core {

// True when s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool valid_utf8(std::string_view s);
// Number of code points; s must be valid UTF-8.
std::size_t utf8_length(std::string_view s);
// Removes leading and trailing ASCII and ideographic (U+3000) spaces.
std::string trim(std::string_view s);
bool all_digits(std::string_view s);
// A number per organisation and year, e.g. 成纪信〔2026〕0001号 (kind 信).
std::string document_number(std::string_view org_short_name, std::string_view kind, int year, long long seq);
// An official document's 文号, e.g. 成纪立〔2026〕3号: GB/T 9704-2012 7.2.3
// numbers documents without leading zeros.
std::string issued_number(std::string_view org_short_name, std::string_view kind, int year, long long seq);

}  // namespace funnel::core
