#pragma once
// Recusals (回避, SY-3): which registry persons an account is kept away from.
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "store/db.hpp"

namespace funnel::store {

struct Recusal {
  long long id = 0, county_id = 0, user_id = 0, person_id = 0, created_by = 0, created_at = 0;
  std::string username, user_display_name, person_name, person_unit, relation, reason, created_by_name;
};
std::vector<long long> recused_persons(Tx& tx, long long user_id);
std::vector<Recusal> list_recusals(Tx& tx, long long county_id, const std::optional<long long>& user_id,
                                   const core::Page& page, long long* total);
std::optional<Recusal> find_recusal(Tx& tx, long long county_id, long long id);
std::optional<long long> find_recusal_id(Tx& tx, long long user_id, long long person_id);
// The registry person a recusal names (the registry is petitions_repo's).
std::optional<core::Person> find_person(Tx& tx, long long id);
long long insert_recusal(Tx& tx, const Recusal& r);
void delete_recusal(Tx& tx, long long id);

}  // namespace funnel::store
