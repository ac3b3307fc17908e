#include "core/portal.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace funnel::core {

namespace {
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

struct EvidenceType {
  std::string_view mime, label;
};
// Images, PDF, audio, video, office documents and plain text (issue 6).
// libmagic names some types in more than one way; all are listed.
constexpr EvidenceType kEvidenceTypes[] = {
    {"image/jpeg", "图片"},
    {"image/png", "图片"},
    {"image/gif", "图片"},
    {"image/webp", "图片"},
    {"image/bmp", "图片"},
    {"image/heic", "图片"},
    {"image/heif", "图片"},
    {"image/tiff", "图片"},
    {"application/pdf", "PDF"},
    {"audio/mpeg", "音频"},
    {"audio/x-wav", "音频"},
    {"audio/wav", "音频"},
    {"audio/x-m4a", "音频"},
    {"audio/mp4", "音频"},
    {"audio/amr", "音频"},
    {"audio/ogg", "音频"},
    {"audio/aac", "音频"},
    {"audio/x-hx-aac-adts", "音频"},
    {"audio/flac", "音频"},
    {"video/mp4", "视频"},
    {"video/quicktime", "视频"},
    {"video/x-msvideo", "视频"},
    {"video/webm", "视频"},
    {"video/3gpp", "视频"},
    {"video/x-matroska", "视频"},
    {"video/mpeg", "视频"},
    {"application/msword", "Word 文档"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文档"},
    {"application/vnd.ms-excel", "Excel 表格"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 表格"},
    {"application/vnd.ms-powerpoint", "演示文稿"},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "演示文稿"},
    {"application/vnd.oasis.opendocument.text", "文档"},
    {"application/vnd.oasis.opendocument.spreadsheet", "表格"},
    {"application/wps-office.doc", "WPS 文档"},
    {"text/plain", "文本"},
};
}  // namespace

std::string receipt_code(const std::array<unsigned char, 10>& b) {
  // 80 bits → 16 five-bit symbols, most significant first.
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : b) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

std::optional<std::string> normalize_receipt(std::string_view typed) {
  if (typed.size() > 64) return std::nullopt;
  std::string out;
  for (char ch : typed) {
    if (ch == '-' || ch == ' ') continue;
    char c = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    if (kAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    out += c;
  }
  if (out.size() != kReceiptLength) return std::nullopt;
  return out;
}

std::string format_receipt(std::string_view code) {
  std::string out;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (i && i % 4 == 0) out += '-';
    out += code[i];
  }
  return out;
}

std::string mask_receipt(std::string_view code) {
  if (code.size() != kReceiptLength) return "****";
  return std::string(code.substr(0, 4)) + "-****-****-" + std::string(code.substr(12, 4));
}

int leading_zero_bits(const unsigned char* digest, std::size_t size) {
  int n = 0;
  for (std::size_t i = 0; i < size; ++i) {
    if (digest[i] == 0) {
      n += 8;
      continue;
    }
    for (int bit = 7; bit >= 0 && !(digest[i] >> bit & 1); --bit) ++n;
    break;
  }
  return n;
}

bool valid_nonce(std::string_view nonce) {
  return !nonce.empty() && nonce.size() <= 20 &&
         std::all_of(nonce.begin(), nonce.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view public_status_code(PublicStatus s) {
  switch (s) {
    case PublicStatus::Received:
      return "received";
    case PublicStatus::Accepted:
      return "accepted";
    case PublicStatus::Transferred:
      return "transferred";
    case PublicStatus::Handling:
      return "handling";
    case PublicStatus::Concluded:
      return "concluded";
  }
  return "received";
}

PublicStatus public_status(std::string_view s) {
  if (s == "registered") return PublicStatus::Received;
  if (s == "accepted" || s == "merged") return PublicStatus::Accepted;
  if (s == "transferred_out") return PublicStatus::Transferred;
  if (s == "assigned" || s == "in_progress" || s == "converted_to_clue") return PublicStatus::Handling;
  // concluded, feedback_given, followed_up, archived; rejected (不予受理) ends it too.
  return PublicStatus::Concluded;
}

bool portal_final_state(std::string_view s) {
  auto p = public_status(s);
  return p == PublicStatus::Concluded || p == PublicStatus::Transferred;
}

Day access_expires(Day final_day, int retention_days) { return final_day + std::chrono::days{retention_days}; }

std::optional<std::string_view> evidence_label(std::string_view mime) {
  for (const auto& t : kEvidenceTypes)
    if (t.mime == mime) return t.label;
  return std::nullopt;
}

std::vector<std::pair<std::string_view, std::string_view>> evidence_types() {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  for (const auto& t : kEvidenceTypes) out.emplace_back(t.mime, t.label);
  return out;
}

std::string clean_file_name(std::string_view name) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  if (!valid_utf8(name)) return {};
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < name.size() && chars < 120;) {
    auto c = static_cast<unsigned char>(name[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (c < 0x20 || c == 0x7F || c == '"') {
      ++i;
      continue;
    }
    out.append(name.substr(i, len));
    i += len;
    ++chars;
  }
  out = trim(out);
  if (out == "." || out == "..") return {};
  return out;
}

}  // namespace funnel::core
