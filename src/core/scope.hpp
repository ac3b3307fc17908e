#pragma once
// A user's data scope, resolved (SY-1). Built in src/app from the user's
// role, unit and the linkage; applied by src/store to every query.
#include <cstdint>
#include <vector>

#include "core/enums.hpp"

namespace funnel::core {

struct Scope {
  // Unrestricted is for the administrators' view of the organisation
  // structure only; it never grants business records.
  bool unrestricted = false;
  DataScope kind = DataScope::None;
  long long county_id = 0;
  std::vector<long long> township_ids;  // for linked_townships / own_township / own_records
  long long user_id = 0;                // for own_records
  long long org_id = 0;                 // the user's own unit (a room sees what is assigned to it)
  // The trial office (审理室): of the county's cases only those transferred
  // to trial (domain.md §4); no guidance records.
  bool trial = false;
  // Recusal (回避, SY-3): persons this user must keep away from; records
  // naming any of them are outside the scope.
  std::vector<long long> recused_person_ids;
};

// Everything: for the use cases' own lookups after their permission and
// scope checks, never for what a caller may see.
inline Scope unrestricted_scope() {
  Scope s;
  s.unrestricted = true;
  return s;
}

}  // namespace funnel::core
