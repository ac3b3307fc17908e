#include "crypto/crypto.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "core/error.hpp"

namespace funnel::crypto {

void init() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
}

namespace {
// A counting gate: bounded running and bounded waiting.
class HashGate {
 public:
  void enter() {
    std::unique_lock lk(m_);
    if (running_ >= kMaxConcurrentHashes && waiting_ >= kMaxWaitingHashes)
      throw Error(503, "busy", "服务器繁忙，请稍后再试");
    ++waiting_;
    cv_.wait(lk, [&] { return running_ < kMaxConcurrentHashes; });
    --waiting_;
    ++running_;
  }
  void leave() {
    {
      std::lock_guard lk(m_);
      --running_;
    }
    cv_.notify_one();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  int running_ = 0;
  int waiting_ = 0;
};
HashGate gate;
struct GateGuard {
  GateGuard() { gate.enter(); }
  ~GateGuard() { gate.leave(); }
};
}  // namespace

std::string hash_password(std::string_view password) {
  GateGuard g;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("password hashing ran out of memory");
  return out;
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
  GateGuard g;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::string sha256(std::string_view data) {
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  return out;
}

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::string b64url(std::string_view raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> from_b64url(std::string_view text) {
  std::string bin(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  bin.resize(len);
  return bin;
}

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string random_password() {
  // No look-alikes (0/O, 1/l/I) since people copy these by eye.
  static constexpr std::string_view lower = "abcdefghijkmnpqrstuvwxyz";
  static constexpr std::string_view upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static constexpr std::string_view digit = "23456789";
  static constexpr std::string_view other = "-_.#@";
  std::string pw;
  auto pick = [&](std::string_view set) { pw += set[randombytes_uniform(static_cast<uint32_t>(set.size()))]; };
  pick(lower), pick(upper), pick(digit), pick(other);
  const std::string all = std::string(lower) + std::string(upper) + std::string(digit);
  while (pw.size() < 16) pick(all);
  for (std::size_t i = pw.size() - 1; i > 0; --i)
    std::swap(pw[i], pw[randombytes_uniform(static_cast<uint32_t>(i + 1))]);
  return pw;
}

std::string blake2b_hex(std::string_view data) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

std::filesystem::path default_key_file(const std::filesystem::path& data_dir) {
  return data_dir / "keys" / "master.key";
}

void KeyRing::create(const std::filesystem::path& data_dir) {
  auto file = default_key_file(data_dir);
  if (std::filesystem::exists(file)) throw std::runtime_error("key file already exists: " + file.string());
  std::filesystem::create_directories(file.parent_path());
  ::chmod(file.parent_path().c_str(), 0700);
  unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  crypto_aead_xchacha20poly1305_ietf_keygen(key);
  {
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(key), sizeof key);
    if (!out) throw std::runtime_error("cannot write key file " + file.string());
  }
  ::chmod(file.c_str(), 0600);
  sodium_memzero(key, sizeof key);
}

KeyRing KeyRing::load(const std::filesystem::path& key_file) {
  std::ifstream in(key_file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read key file " + key_file.string());
  KeyRing k;
  k.key_.assign(std::istreambuf_iterator<char>(in), {});
  if (k.key_.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    throw std::runtime_error("key file has the wrong size: " + key_file.string());
  k.chain_key_ = k.mac("funnel-audit-chain", "audit-chain-key", crypto_generichash_KEYBYTES);
  return k;
}

std::string KeyRing::encrypt(std::string_view plain, std::string_view ad) const {
  std::string out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plain.size() +
                      crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
      reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
      reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr, nonce,
      reinterpret_cast<const unsigned char*>(key_.data()));
  return out;
}

std::optional<std::string> KeyRing::decrypt(std::string_view sealed, std::string_view ad) const {
  constexpr auto nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr auto ab = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < nb + ab) return std::nullopt;
  std::string out(sealed.size() - nb - ab, '\0');
  unsigned long long mlen = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(sealed.data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr,
                                                 s + nb, sealed.size() - nb,
                                                 reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), s,
                                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0)
    return std::nullopt;
  out.resize(mlen);
  return out;
}

std::string KeyRing::seal_text(std::string_view plain, std::string_view ad) const {
  std::string bin = encrypt(plain, ad);
  std::string out(sodium_base64_encoded_len(bin.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bin.data()), bin.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> KeyRing::open_text(std::string_view sealed_b64, std::string_view ad) const {
  std::string bin(sealed_b64.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), sealed_b64.data(),
                        sealed_b64.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  bin.resize(len);
  return decrypt(bin, ad);
}

std::string KeyRing::mac(std::string_view data, std::string_view purpose, std::size_t bytes) const {
  unsigned char sub[crypto_generichash_KEYBYTES];
  crypto_generichash(sub, sizeof sub, reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size(),
                     reinterpret_cast<const unsigned char*>(key_.data()), key_.size());
  std::string out(bytes, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), bytes,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size(), sub, sizeof sub);
  sodium_memzero(sub, sizeof sub);
  return out;
}

std::string KeyRing::sign(std::string_view payload, std::string_view purpose) const {
  return b64url(payload) + "." + b64url(mac(payload, purpose));
}

std::optional<std::string> KeyRing::verify(std::string_view token, std::string_view purpose) const {
  auto dot = token.find('.');
  if (token.size() > 512 || dot == std::string_view::npos) return std::nullopt;
  auto payload = from_b64url(token.substr(0, dot));
  auto tag = from_b64url(token.substr(dot + 1));
  if (!payload || !tag) return std::nullopt;
  auto want = mac(*payload, purpose);
  if (tag->size() != want.size() || sodium_memcmp(tag->data(), want.data(), want.size()) != 0) return std::nullopt;
  return payload;
}

std::string KeyRing::chain_hash(std::string_view canonical) const {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(),
                     reinterpret_cast<const unsigned char*>(chain_key_.data()), chain_key_.size());
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

std::string KeyRing::blind_index(std::string_view value, std::string_view purpose) const {
  unsigned char sub[crypto_generichash_KEYBYTES];
  crypto_generichash(sub, sizeof sub, reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size(),
                     reinterpret_cast<const unsigned char*>(key_.data()), key_.size());
  unsigned char h[16];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(value.data()), value.size(), sub,
                     sizeof sub);
  sodium_memzero(sub, sizeof sub);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

}  // namespace funnel::crypto
