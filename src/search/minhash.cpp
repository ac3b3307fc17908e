#include "search/minhash.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "search/cjk.hpp"

namespace funnel::search {

namespace {
std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}
}  // namespace

std::vector<std::uint64_t> shingles(std::string_view text) {
  // The characters that count, one string each (document tokens minus bigrams).
  std::vector<std::string> chars;
  for (const auto& t : document_tokens(text)) {
    bool bigram = !t.colocated && t.text.size() > 4 && (static_cast<unsigned char>(t.text[0]) & 0x80);
    if (!bigram) chars.push_back(t.text);
  }
  std::vector<std::uint64_t> out;
  if (chars.empty()) return out;
  constexpr std::size_t k = 3;
  if (chars.size() < k) {
    std::string all;
    for (auto& c : chars) all += c;
    return {fnv(all)};
  }
  for (std::size_t i = 0; i + k <= chars.size(); ++i) out.push_back(fnv(chars[i] + '\x1f' + chars[i + 1] + '\x1f' + chars[i + 2]));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Signature minhash(std::string_view text) {
  auto sh = shingles(text);
  if (sh.empty()) return {};
  Signature sig(kMinHashes, std::numeric_limits<std::uint32_t>::max());
  for (auto h : sh)
    for (int i = 0; i < kMinHashes; ++i) {
      auto v = static_cast<std::uint32_t>(mix(h ^ mix(static_cast<std::uint64_t>(i) + 1)) >> 32);
      sig[i] = std::min(sig[i], v);
    }
  return sig;
}

double similarity(const Signature& a, const Signature& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  int same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return static_cast<double>(same) / static_cast<double>(a.size());
}

std::vector<std::int64_t> band_keys(const Signature& s) {
  std::vector<std::int64_t> out;
  if (s.size() != static_cast<std::size_t>(kMinHashes)) return out;
  for (int b = 0; b < kBands; ++b) {
    std::uint64_t h = mix(static_cast<std::uint64_t>(b) + 0x51ED);
    for (int r = 0; r < kRows; ++r) h = mix(h ^ s[b * kRows + r]);
    out.push_back(static_cast<std::int64_t>(h));
  }
  return out;
}

std::string encode(const Signature& s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() * 8);
  for (auto v : s)
    for (int sh = 28; sh >= 0; sh -= 4) out += hex[(v >> sh) & 15];
  return out;
}

Signature decode(std::string_view hex) {
  if (hex.size() % 8 != 0) return {};
  Signature out;
  for (std::size_t i = 0; i < hex.size(); i += 8) {
    std::uint32_t v = 0;
    for (std::size_t j = 0; j < 8; ++j) {
      char c = hex[i + j];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return {};
      v = (v << 4) | static_cast<std::uint32_t>(d);
    }
    out.push_back(v);
  }
  return out;
}

int shared_encoded(std::string_view a, std::string_view b) {
  if (a.empty() || a.size() != b.size() || a.size() % 8 != 0) return 0;
  int same = 0;
  for (std::size_t i = 0; i < a.size(); i += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    same += x == y;
  }
  return same;
}

double similarity_encoded(std::string_view a, std::string_view b) {
  if (a.empty() || a.size() != b.size() || a.size() % 8 != 0) return 0.0;
  return static_cast<double>(shared_encoded(a, b)) / static_cast<double>(a.size() / 8);
}

}  // namespace funnel::search
