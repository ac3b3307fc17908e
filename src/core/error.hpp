#pragma once
// Errors that cross layers carry an HTTP-like status, a stable code and,
// when one input field is at fault, its name. Messages never hold
// confidential values (reporter identity, case content, passwords).
#include <stdexcept>
#include <string>

namespace funnel {

class Error : public std::runtime_error {
 public:
  Error(int status, std::string code, std::string message, std::string field = {})
      : std::runtime_error(std::move(message)), status_(status), code_(std::move(code)),
        field_(std::move(field)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }

 private:
  int status_;
  std::string code_;
  std::string field_;
};

inline Error bad_request(std::string msg, std::string field = {}) {
  return Error(400, "bad_request", std::move(msg), std::move(field));
}
inline Error unauthenticated(std::string msg = "请先登录") {
  return Error(401, "unauthenticated", std::move(msg));
}
inline Error forbidden(std::string msg = "没有权限") { return Error(403, "forbidden", std::move(msg)); }
inline Error not_found(std::string msg = "记录不存在") { return Error(404, "not_found", std::move(msg)); }
inline Error conflict(std::string msg, std::string field = {}) {
  return Error(409, "conflict", std::move(msg), std::move(field));
}
inline Error invalid(std::string field, std::string msg) {
  return Error(422, "validation_failed", std::move(msg), std::move(field));
}

}  // namespace funnel
