#pragma once
// Duty roster and visits (三访合一, IN-4).
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/scope.hpp"
#include "store/db.hpp"
#include "store/query.hpp"

namespace funnel::store {

// Rows belong to a unit (org_id) and, for townships and their villages, a
// township (township_id): a township sees its own, a room its linked
// townships' and its own, the county everything, own records the creator's.
std::string unit_scope(const core::Scope& s, Params& p, const std::string& alias);
// A row linked to a petition (petition_id on `alias`) about a person the
// viewer is recused from is hidden with it (回避, SY-3).
std::string linked_recusal(const core::Scope& s, Params& p, const std::string& alias);
// A link is shown only when its target is in the viewer's scope: clears the
// petition's id and number otherwise.
void drop_hidden_link(Tx& tx, const core::Scope& s, std::optional<long long>& petition_id,
                      std::optional<std::string>& petition_number);

struct RosterEntry {
  long long id = 0, county_id = 0, org_id = 0, user_id = 0, created_by = 0, created_at = 0;
  std::optional<long long> township_id;
  std::string day, user_name, org_name;
  std::optional<std::string> note;
};
long long insert_roster(Tx& tx, const RosterEntry& e);
std::vector<RosterEntry> list_roster(Tx& tx, const core::Scope& scope, const std::optional<long long>& org_id,
                                     const std::string& from, const std::string& to);
std::optional<RosterEntry> find_roster(Tx& tx, const core::Scope& scope, long long id);
void delete_roster(Tx& tx, long long id);

struct Visit {
  long long id = 0, county_id = 0, org_id = 0, created_by = 0, created_at = 0;
  std::optional<long long> township_id, petition_id;
  std::string kind, day, cadres, summary, org_name;
  std::optional<std::string> place, outcome, petition_number;
};
long long insert_visit(Tx& tx, const Visit& v);
struct VisitFilter {
  std::optional<std::string> kind, from, to;
  std::optional<long long> petition_id, id;
};
std::vector<Visit> list_visits(Tx& tx, const core::Scope& scope, const VisitFilter& f, const core::Page& page,
                               long long* total);

}  // namespace funnel::store
