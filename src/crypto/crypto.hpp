#pragma once
// libsodium wrappers: password hashing (argon2id), random tokens, BLAKE2b,
// and field encryption (XChaCha20-Poly1305) with keys kept outside the
// database, in the data directory.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace funnel::crypto {

void init();  // sodium_init; call once at start

// argon2id, interactive cost (~65 ms, 64 MiB). At most `kMaxConcurrentHashes`
// run at once, and at most `kMaxWaitingHashes` wait; beyond that Error 503 busy.
inline constexpr int kMaxConcurrentHashes = 2;
inline constexpr int kMaxWaitingHashes = 6;
std::string hash_password(std::string_view password);
bool verify_password(const std::string& stored_hash, std::string_view password);

std::string random_token(std::size_t bytes = 32);  // URL-safe base64, no padding
std::string random_password();                     // 16 chars, meets the policy
std::string blake2b_hex(std::string_view data);
std::string sha256(std::string_view data);  // 32 raw bytes
std::string random_bytes(std::size_t n);    // raw
std::string b64url(std::string_view raw);   // URL-safe base64, no padding
std::optional<std::string> from_b64url(std::string_view text);

// Keys: DIR/keys/master.key (32 random bytes, mode 0600), created by init.
class KeyRing {
 public:
  static void create(const std::filesystem::path& data_dir);  // fails if present
  static KeyRing load(const std::filesystem::path& key_file);
  // Associated data binds a ciphertext to its place (e.g. "petitions.reporter_name").
  std::string encrypt(std::string_view plain, std::string_view ad) const;
  std::optional<std::string> decrypt(std::string_view sealed, std::string_view ad) const;
  // The same, as standard base64 text for TEXT columns.
  std::string seal_text(std::string_view plain, std::string_view ad) const;
  std::optional<std::string> open_text(std::string_view sealed_b64, std::string_view ad) const;
  // Keyed BLAKE2b of a normalised value (hex): finds equal values (the same
  // reporter's ID number) without storing or revealing them. The key is
  // derived from the master key for this purpose only.
  std::string blind_index(std::string_view value, std::string_view purpose) const;
  // Keyed BLAKE2b (raw bytes) under a key derived for `purpose`: MACs of
  // tokens the server hands out and takes back (no state kept for them).
  std::string mac(std::string_view data, std::string_view purpose, std::size_t bytes = 16) const;
  // A token the server can verify later: b64url(payload).b64url(mac).
  std::string sign(std::string_view payload, std::string_view purpose) const;
  std::optional<std::string> verify(std::string_view token, std::string_view purpose) const;  // the payload
  // The audit chain's record hash (hex, 32 bytes): BLAKE2b keyed with a key
  // derived from the master key for the chain only, so that nobody without
  // the key file can recompute a chain that verifies.
  std::string chain_hash(std::string_view canonical) const;

 private:
  std::string key_;
  std::string chain_key_;  // derived once: the chain hashes every record
};

std::filesystem::path default_key_file(const std::filesystem::path& data_dir);

}  // namespace funnel::crypto
