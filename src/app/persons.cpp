#include "app/persons.hpp"

#include "core/text.hpp"
#include "store/petitions_repo.hpp"

namespace funnel::app {

core::ReportedFacts reported_facts(const ReportedInput& r, core::CadreLevel level) {
  return {level, r.party_member, r.public_official, r.county_department, r.township_discipline_staff,
          r.township_party_secretary};
}

core::ReportedFacts reported_facts(const core::ReportedPerson& rp) {
  return {core::kCadreLevels.parse(rp.person.cadre_level).value_or(core::CadreLevel::Other),
          rp.person.party_member != 0,
          rp.person.public_official != 0,
          rp.county_department != 0,
          rp.township_discipline_staff != 0,
          rp.township_party_secretary != 0};
}

core::ReportedPerson save_reported(store::Tx& tx, long long county, const ReportedInput& r) {
  core::ReportedPerson rp;
  rp.person.county_id = county;
  rp.person.name = core::trim(r.name);
  rp.person.unit_name = core::trim(r.unit_name);
  rp.person.post = r.post;
  rp.person.unit_org_id = r.unit_org_id;
  rp.person.cadre_level = r.cadre_level;
  rp.person.party_member = r.party_member;
  rp.person.public_official = r.public_official;
  rp.person.id = store::upsert_person(tx, rp.person);
  rp.county_department = r.county_department;
  rp.township_discipline_staff = r.township_discipline_staff;
  rp.township_party_secretary = r.township_party_secretary;
  return rp;
}

}  // namespace funnel::app
