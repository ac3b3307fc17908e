#pragma once
// Reported persons (被反映人) as petitions and clues name them, kept once per
// county in the person registry.
#include <optional>
#include <string>

#include "core/model.hpp"
#include "core/petition.hpp"
#include "store/db.hpp"

namespace funnel::app {

// A reported person as a member of the public names them (the portal).
struct ReportedInputLite {
  std::string name, unit_name;
  std::optional<std::string> post, cadre_level;
};

struct ReporterInput {
  std::optional<std::string> name, id_number, phone, address, unit;
};

struct ReportedInput {
  std::string name, unit_name, cadre_level;
  std::optional<std::string> post;
  std::optional<long long> unit_org_id;
  bool party_member = false, public_official = false, county_department = false;
  bool township_discipline_staff = false, township_party_secretary = false;
};

// The facts the jurisdiction and dispatch rules weigh: of a person as
// entered (with the level already parsed), or as stored (an unknown level
// counts as other).
core::ReportedFacts reported_facts(const ReportedInput& r, core::CadreLevel level);
core::ReportedFacts reported_facts(const core::ReportedPerson& rp);

// Upserts the person into the county's registry.
core::ReportedPerson save_reported(store::Tx& tx, long long county, const ReportedInput& r);

}  // namespace funnel::app
