#pragma once
// The public reporting portal's rules (IN-6, SY-3, SY-6): receipt codes, the
// proof of work, what a reporter may see of a petition's state, how long a
// concluded report stays reachable, and which evidence types are accepted.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/calendar.hpp"

namespace funnel::core {

// Receipt codes: 16 symbols of Crockford's base32 (80 random bits), shown
// as four groups. Lookalikes (O, I, L) and separators are forgiven on entry.
inline constexpr std::size_t kReceiptLength = 16;
std::string receipt_code(const std::array<unsigned char, 10>& random_bytes);  // 16 symbols, no separators
std::optional<std::string> normalize_receipt(std::string_view typed);         // nullopt: cannot be a code
std::string format_receipt(std::string_view code);                            // XXXX-XXXX-XXXX-XXXX
std::string mask_receipt(std::string_view code);                              // XXXX-****-****-XXXX

// Hashcash: the digest's leading zero bits.
int leading_zero_bits(const unsigned char* digest, std::size_t size);
bool valid_nonce(std::string_view nonce);  // 1–20 decimal digits

// What the reporter sees of a petition's state: never the internal steps.
enum class PublicStatus { Received, Accepted, Transferred, Handling, Concluded };
std::string_view public_status_code(PublicStatus s);
PublicStatus public_status(std::string_view petition_state);
// The states after which portal access starts to run out (办结, 不予受理, 转出).
bool portal_final_state(std::string_view petition_state);
Day access_expires(Day final_day, int retention_days);

// Evidence types, decided from the content (libmagic's MIME type). nullopt:
// refused. The label is the kind shown to people (图片, PDF, 音频 …).
std::optional<std::string_view> evidence_label(std::string_view mime);
std::vector<std::pair<std::string_view, std::string_view>> evidence_types();  // (MIME type, label)
// A file name as given by a browser, made safe to show and to put in a
// Content-Disposition: the last path segment, no control characters, at
// most 120 characters. Empty when nothing usable is left.
std::string clean_file_name(std::string_view name);

}  // namespace funnel::core
