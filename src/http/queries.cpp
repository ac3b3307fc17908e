#include "http/queries.hpp"
#include "core/guidance.hpp"

#include "core/clue.hpp"
#include "core/error.hpp"
#include "core/petition.hpp"
#include "core/time.hpp"
#include "http/json_io.hpp"

namespace funnel::http {

store::ClueFilter read_clue_filter(Ctx& c) {
  store::ClueFilter f;
  f.state = q_code(c, "state", core::kClueStates);
  f.mode = q_code(c, "mode", core::kDispatchModes);
  f.method = q_code(c, "method", core::kDisposalMethods);
  f.source = q_code(c, "source", core::kClueSources);
  f.category = c.q("category");
  f.township_id = c.q_id("township_id");
  f.lead_org_id = c.q_id("lead_org_id");
  f.petition_id = c.q_id("petition_id");
  f.received_from = c.q_day("received_from");
  f.received_to = c.q_day("received_to");
  f.q = c.q("q");
  return f;
}

store::PetitionFilter read_petition_filter(Ctx& c) {
  store::PetitionFilter f;
  f.state = q_code(c, "state", core::kPetitionStates);
  f.channel = q_code(c, "channel", core::kChannels);
  f.type = q_code(c, "type", core::kPetitionTypes);
  f.category = c.q("category");
  f.handler_org_id = c.q_id("handler_org_id");
  f.intake_org_id = c.q_id("intake_org_id");
  f.person_id = c.q_id("person_id");
  f.received_from = c.q_day("received_from");
  f.received_to = c.q_day("received_to");
  f.q = c.q("q");
  return f;
}

std::string q_month(Ctx& c) {
  auto m = c.q("month");
  if (!m) throw bad_request("请指定月份", "month");
  if (!core::parse_month(*m)) throw bad_request("应为 YYYY-MM 格式的月份", "month");
  return *m;
}

std::optional<long long> q_date(Ctx& c, const char* name) {
  auto v = c.q(name);
  if (!v) return std::nullopt;
  auto ms = core::parse_date_ms(*v);
  if (!ms) throw bad_request("日期格式应为 YYYY-MM-DD", name);
  return ms;
}

app::ReportedInput read_person(JsonIn& in) {
  app::ReportedInput p;
  p.name = in.str("name", 32);
  p.unit_name = in.str("unit_name", 64);
  p.post = in.opt_str("post", 64);
  p.unit_org_id = in.opt_id("unit_org_id");
  p.cadre_level = in.str("cadre_level", 32);
  p.party_member = in.bool_or("party_member", false);
  p.public_official = in.bool_or("public_official", false);
  p.county_department = in.bool_or("county_department", false);
  p.township_discipline_staff = in.bool_or("township_discipline_staff", false);
  p.township_party_secretary = in.bool_or("township_party_secretary", false);
  in.done();
  return p;
}

std::vector<app::ReportedInput> read_persons(JsonIn& in) {
  std::vector<app::ReportedInput> out;
  for (auto& p : in.obj_list("persons", 20)) out.push_back(read_person(p));
  return out;
}

store::GuidanceFilter read_guidance_filter(Ctx& c) {
  store::GuidanceFilter f;
  f.township_id = c.q_id("township_id");
  f.kind = q_code(c, "kind", core::kGuidanceKinds);
  if (auto y = c.q("year")) {
    if (y->size() != 4 || y->find_first_not_of("0123456789") != std::string::npos || *y < "2000")
      throw bad_request("年份须为四位数字", "year");
    f.year = std::stoi(*y);
  }
  return f;
}

}  // namespace funnel::http
