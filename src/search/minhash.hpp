#pragma once
// Near-duplicate detection for Chinese text (IN-8): character 3-shingles of
// the letters, digits and Chinese characters, MinHash signatures and LSH
// bands, so that candidates for a new petition come from an index lookup,
// not a scan. Pure: no I/O.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace funnel::search {

inline constexpr int kMinHashes = 90;
// 30 bands × 3 rows: a pair at similarity 0.5 shares a band with probability
// 0.98, at 0.7 with 0.99999, at 0.2 with 0.21 (then dropped by the score);
// 12 × 5 missed real pairs near 0.6.
inline constexpr int kBands = 30;
inline constexpr int kRows = kMinHashes / kBands;
// Two texts are near-duplicates (疑似重复件) from this estimated Jaccard
// similarity of their 3-shingles on.
inline constexpr double kNearDuplicate = 0.5;

using Signature = std::vector<std::uint32_t>;

// Shingles (hashed) of the normalised text: punctuation and spaces dropped,
// ASCII lower-cased; texts shorter than a shingle count as one shingle.
std::vector<std::uint64_t> shingles(std::string_view text);
// Empty when the text has no letter, digit or Chinese character.
Signature minhash(std::string_view text);
// Estimated Jaccard similarity: the share of equal components (0 when either is empty).
double similarity(const Signature& a, const Signature& b);
// One key per band (signed, for a BIGINT column).
std::vector<std::int64_t> band_keys(const Signature& s);

std::string encode(const Signature& s);  // hex, 8 characters per component
Signature decode(std::string_view hex);  // empty when malformed
// similarity() of two encoded signatures without decoding them: equal
// components are equal 8-character groups (0 when sizes differ or are empty).
double similarity_encoded(std::string_view a, std::string_view b);
// The number of equal components of two encoded signatures (0 when sizes
// differ or are empty): similarity_encoded is this over the component count.
int shared_encoded(std::string_view a, std::string_view b);

}  // namespace funnel::search
