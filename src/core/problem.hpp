#pragma once
// What a rule check answers: nothing when the request may go on, else one
// problem naming the input field at fault and the reason in Chinese, as the
// user sees it. src/app turns it into the error it throws (to_error).
#include <optional>
#include <string>

#include "core/error.hpp"

namespace funnel::core {

struct Problem {
  enum class Kind { Invalid, Conflict };  // 422 validation_failed, 409 conflict
  Kind kind = Kind::Invalid;
  std::string field;
  std::string message;

  // An input that cannot be accepted (the app's `invalid(field, message)`).
  static Problem invalid(std::string field, std::string message) {
    return {Kind::Invalid, std::move(field), std::move(message)};
  }
  // A request the record's state refuses (the app's `conflict(message, field)`).
  static Problem conflict(std::string message, std::string field = "action") {
    return {Kind::Conflict, std::move(field), std::move(message)};
  }
  friend bool operator==(const Problem&, const Problem&) = default;
};

// nullopt: no problem.
using Check = std::optional<Problem>;

inline Error to_error(const Problem& p) {
  return p.kind == Problem::Kind::Conflict ? funnel::conflict(p.message, p.field) : funnel::invalid(p.field, p.message);
}

}  // namespace funnel::core
