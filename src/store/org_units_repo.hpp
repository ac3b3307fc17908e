#pragma once
// Organisation units and the county-room ↔ township linkage (ORG-1, ORG-2).
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/scope.hpp"
#include "store/db.hpp"

namespace funnel::store {

struct OrgFilter {
  std::optional<std::string> kind;
  std::optional<long long> parent_id;
  std::optional<std::string> q;  // name contains
};

std::optional<core::OrgUnit> find_org(Tx& tx, const core::Scope& scope, long long id);
std::vector<core::OrgUnit> list_orgs(Tx& tx, const core::Scope& scope, const OrgFilter& f,
                                     const core::Page* page, long long* total);
long long insert_org(Tx& tx, const core::OrgUnit& o);
void update_org(Tx& tx, const core::OrgUnit& o);
void delete_org(Tx& tx, long long id);
long long count_children(Tx& tx, long long id);
long long count_users_in(Tx& tx, long long id);
long long count_links_of(Tx& tx, long long id);  // as room or as township
bool division_code_taken(Tx& tx, const std::string& code, long long except_id);

std::vector<long long> linked_townships(Tx& tx, long long room_id);
void set_linked_townships(Tx& tx, long long room_id, long long county_id, const std::vector<long long>& ids);

}  // namespace funnel::store
