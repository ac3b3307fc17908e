#pragma once
// The organisation tree (ORG-1) and the county rooms' linked townships (ORG-2).
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "store/org_units_repo.hpp"

namespace funnel::app {

struct OrgInput {
  std::optional<long long> parent_id;
  std::string kind, category, name, short_name;
  std::optional<std::string> division_code, committee_name, office_name;
  int sort = 0;
};

class OrgUnitService {
 public:
  explicit OrgUnitService(Kernel& k) : k_(k) {}
  std::vector<core::OrgUnit> list_orgs(const Actor& a, const store::OrgFilter& f, const core::Page* page,
                                       long long* total);
  core::OrgUnit get_org(const Actor& a, long long id);
  core::OrgUnit create_org(const Actor& a, const OrgInput& in);
  core::OrgUnit update_org(const Actor& a, long long id, const OrgInput& in);
  void delete_org(const Actor& a, long long id);
  std::vector<core::OrgUnit> linked_townships(const Actor& a, long long room_id);
  std::vector<core::OrgUnit> set_linked_townships(const Actor& a, long long room_id, std::vector<long long> ids);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
