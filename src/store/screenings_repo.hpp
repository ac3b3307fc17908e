#pragma once
// Screening records (排查化解, IN-5).
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/scope.hpp"
#include "store/db.hpp"

namespace funnel::store {

struct Screening {
  long long id = 0, county_id = 0, org_id = 0, created_by = 0, created_at = 0, updated_at = 0;
  std::optional<long long> township_id, petition_id;
  std::string period, matter, risk_level, measures, responsible, outcome, org_name;
  std::optional<std::string> outcome_note, petition_number;
};
long long insert_screening(Tx& tx, const Screening& s);
void update_screening_outcome(Tx& tx, long long id, const std::string& outcome, const std::optional<std::string>& note);
std::optional<Screening> find_screening(Tx& tx, const core::Scope& scope, long long id);
std::vector<Screening> list_screenings(Tx& tx, const core::Scope& scope, const std::optional<std::string>& period,
                                       const std::optional<std::string>& outcome, const core::Page& page,
                                       long long* total);

}  // namespace funnel::store
