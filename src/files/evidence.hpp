#pragma once
// Evidence files (SY-6): the type is decided from the content by libmagic;
// files are stored content-addressed and encrypted (XChaCha20-Poly1305 under
// the key ring, which lives outside the database) in DATA_DIR/evidence.
// Names given by uploaders are never used as paths.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/crypto.hpp"

namespace funnel::files {

// libmagic's MIME type of the bytes ("application/octet-stream" when unknown).
std::string sniff_type(std::string_view bytes);

class EvidenceStore {
 public:
  EvidenceStore(std::filesystem::path dir, const crypto::KeyRing& keys);
  // Stores the content once and returns its address: a keyed BLAKE2b (hex),
  // so the address reveals nothing of the content to whoever lacks the key.
  std::string put(std::string_view plain) const;
  // The content, or nullopt when missing or not authentic.
  std::optional<std::string> get(const std::string& digest) const;
  // Deletes files older than `min_age` that no row names (abandoned portal
  // uploads, interrupted writes). put() refreshes the time of a file it finds,
  // so a file about to get its row is never old. Returns the count removed.
  long long sweep(const std::function<bool(const std::string& digest)>& referenced, std::chrono::seconds min_age) const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path path_of(const std::string& digest) const;
  std::filesystem::path dir_;
  const crypto::KeyRing& keys_;
};

}  // namespace funnel::files
