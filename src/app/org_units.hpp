#pragma once
// The organisation tree (ORG-1) and the county rooms' linked townships (ORG-2).
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/views.hpp"
#include "store/org_units_repo.hpp"

namespace funnel::app {

struct OrgInput {
  std::optional<long long> parent_id;
  std::string kind, category, name, short_name;
  std::optional<std::string> division_code, committee_name, office_name;
  int sort = 0;
};

// An org unit as the API and the audit details show it (typed view,
// serialised by src/http).
struct OrgUnitView {
  long long id = 0;
  std::optional<long long> parent_id;
  std::string kind, category, name, short_name;
  std::optional<std::string> division_code;
  std::optional<long long> county_id, township_id;
  std::optional<std::string> committee_name, office_name;
  std::optional<long long> linked_room_id;
  int sort = 0;
  std::string created_at, updated_at;
};
BOOST_DESCRIBE_STRUCT(OrgUnitView, (),
                      (id, parent_id, kind, category, name, short_name, division_code, county_id, township_id,
                       committee_name, office_name, linked_room_id, sort, created_at, updated_at))
// A unit of the tree with the units below it.
struct OrgUnitNode : OrgUnitView {
  std::vector<OrgUnitNode> children;
};
BOOST_DESCRIBE_STRUCT(OrgUnitNode, (OrgUnitView), (children))

class OrgUnitService {
 public:
  explicit OrgUnitService(Kernel& k) : k_(k) {}
  PageOf<OrgUnitView> list_orgs(const Actor& a, const store::OrgFilter& f, const core::Page& page);
  // Every unit in reach, nested under its parent; a unit whose parent is out
  // of reach is a root.
  ListOf<OrgUnitNode> org_tree(const Actor& a);
  OrgUnitView get_org(const Actor& a, long long id);
  OrgUnitView create_org(const Actor& a, const OrgInput& in);
  OrgUnitView update_org(const Actor& a, long long id, const OrgInput& in);
  void delete_org(const Actor& a, long long id);
  // The room's townships, all of them (total is the count).
  PageOf<OrgUnitView> linked_townships(const Actor& a, long long room_id);
  PageOf<OrgUnitView> set_linked_townships(const Actor& a, long long room_id, std::vector<long long> ids);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
