#include "files/evidence.hpp"

#include <fcntl.h>
#include <magic.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace funnel::files {

namespace {
// A libmagic handle is not thread-safe: one per thread, loaded once.
struct Magic {
  magic_t cookie = nullptr;
  Magic() {
    cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    if (!cookie || magic_load(cookie, nullptr) != 0) throw std::runtime_error("libmagic: cannot load its database");
  }
  ~Magic() {
    if (cookie) magic_close(cookie);
  }
};

std::string hex(std::string_view raw) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

void write_durably(const std::filesystem::path& file, std::string_view data) {
  auto tmp = file;
  tmp += ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(&data));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("evidence store: cannot create a file");
  std::size_t done = 0;
  while (done < data.size()) {
    auto n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      throw std::runtime_error("evidence store: write failed");
    }
    done += static_cast<std::size_t>(n);
  }
  // The database row that names the file commits after this returns.
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("evidence store: fsync failed");
  }
  std::filesystem::rename(tmp, file);
  int dfd = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}
}  // namespace

std::string sniff_type(std::string_view bytes) {
  thread_local Magic magic;
  const char* t = magic_buffer(magic.cookie, bytes.data(), bytes.size());
  return t ? std::string(t) : "application/octet-stream";
}

EvidenceStore::EvidenceStore(std::filesystem::path dir, const crypto::KeyRing& keys)
    : dir_(std::move(dir)), keys_(keys) {}

std::filesystem::path EvidenceStore::path_of(const std::string& digest) const {
  return dir_ / digest.substr(0, 2) / digest;
}

std::string EvidenceStore::put(std::string_view plain) const {
  const std::string digest = hex(keys_.mac(plain, "evidence.content", 32));
  const auto file = path_of(digest);
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    // Young again: sweep() must not take it before its new row commits.
    std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now(), ec);
    if (!ec) return digest;
  }
  std::filesystem::create_directories(file.parent_path(), ec);
  write_durably(file, keys_.encrypt(plain, "evidence:" + digest));
  return digest;
}

std::optional<std::string> EvidenceStore::get(const std::string& digest) const {
  if (digest.size() != 64 || digest.find_first_not_of("0123456789abcdef") != std::string::npos) return std::nullopt;
  std::ifstream in(path_of(digest), std::ios::binary);
  if (!in) return std::nullopt;
  std::string sealed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return keys_.decrypt(sealed, "evidence:" + digest);
}

long long EvidenceStore::sweep(const std::function<bool(const std::string&)>& referenced,
                               std::chrono::seconds min_age) const {
  namespace fs = std::filesystem;
  const auto cutoff = fs::file_time_type::clock::now() - min_age;
  long long removed = 0;
  std::error_code ec;
  for (const auto& sub : fs::directory_iterator(dir_, ec)) {
    if (!sub.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(sub.path(), ec)) {
      std::error_code fec;
      if (!f.is_regular_file(fec) || f.last_write_time(fec) > cutoff || fec) continue;
      const std::string name = f.path().filename().string();
      const bool address = name.size() == 64 && name.find_first_not_of("0123456789abcdef") == std::string::npos;
      if (address && referenced(name)) continue;
      if (fs::remove(f.path(), fec)) ++removed;
    }
  }
  return removed;
}

}  // namespace funnel::files
