#include "core/text.hpp"

#include <cstdio>

namespace funnel::core {

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    unsigned c = *p;
    if (c < 0x80) { ++p; continue; }
    int n;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; if (c < 0xC2) return false; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; if (c > 0xF4) return false; }
    else return false;
    if (end - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return false;
    if (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
    p += n + 1;
  }
  return true;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string trim(std::string_view s) {
  auto is_space = [](std::string_view v, std::size_t& len) {
    if (!v.empty() && (v[0] == ' ' || v[0] == '\t' || v[0] == '\n' || v[0] == '\r')) { len = 1; return true; }
    if (v.size() >= 3 && v.substr(0, 3) == "\xE3\x80\x80") { len = 3; return true; }
    return false;
  };
  std::size_t len = 0;
  while (is_space(s, len)) s.remove_prefix(len);
  while (!s.empty()) {
    char c = s.back();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { s.remove_suffix(1); continue; }
    if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") { s.remove_suffix(3); continue; }
    break;
  }
  return std::string(s);
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string document_number(std::string_view org_short_name, std::string_view kind, int year, long long seq) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%04lld", seq);
  return std::string(org_short_name) + std::string(kind) + "〔" + std::to_string(year) + "〕" + digits + "号";
}

std::string issued_number(std::string_view org_short_name, std::string_view kind, int year, long long seq) {
  return std::string(org_short_name) + std::string(kind) + "〔" + std::to_string(year) + "〕" + std::to_string(seq) +
         "号";
}

}  // namespace funnel::core
