#include "core/password_policy.hpp"

#include "core/text.hpp"

namespace funnel::core {

std::optional<std::string> password_problem(std::string_view pw, std::string_view username) {
  if (!valid_utf8(pw)) return "密码含有无效字符";
  if (utf8_length(pw) < 8) return "密码至少 8 个字符";
  if (pw.size() > 128) return "密码不能超过 128 个字节";
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : pw) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= '0' && c <= '9') digit = true;
    else other = true;
  }
  if (lower + upper + digit + other < 3) return "密码须包含小写字母、大写字母、数字、其他符号中的至少三类";
  if (!username.empty() && pw == username) return "密码不能与用户名相同";
  return std::nullopt;
}

bool valid_username(std::string_view u) {
  if (u.size() < 3 || u.size() > 32) return false;
  if (u[0] < 'a' || u[0] > 'z') return false;
  for (char c : u)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace funnel::core
