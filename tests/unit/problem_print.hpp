#pragma once
// How a rule's problem reads in a failed expectation.
#include <ostream>

#include "core/problem.hpp"

namespace funnel::core {
inline void PrintTo(const Problem& p, std::ostream* os) {
  *os << (p.kind == Problem::Kind::Conflict ? "conflict" : "invalid") << "(" << p.field << ": " << p.message << ")";
}
}  // namespace funnel::core
