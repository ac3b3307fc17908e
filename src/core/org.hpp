#pragma once
// Organisation tree rules (ORG-1): which kind may sit under which, category
// per kind, and the shape of administrative division codes (统计用区划代码).
#include <optional>
#include <string>

#include "core/enums.hpp"

namespace funnel::core {

struct OrgUnitDraft {
  OrgKind kind;
  OrgCategory category;
  std::string name;
  std::string short_name;
  std::optional<std::string> division_code;
  std::optional<std::string> committee_name;
  std::optional<std::string> office_name;
};

struct ParentInfo {
  OrgKind kind;
  std::optional<std::string> division_code;
};

OrgKind kind_of(OrgCategory c);
std::optional<OrgKind> required_parent_kind(OrgKind k);
// Digits a division code of this kind has (county 6, township 9, village 12); 0: none.
int division_code_length(OrgKind k);

// Validates a unit against its parent; throws funnel::Error (422 with field).
// Fills defaults (committee/office names of townships).
void validate_org_unit(OrgUnitDraft& d, const std::optional<ParentInfo>& parent);

}  // namespace funnel::core
