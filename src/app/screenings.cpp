#include "app/screenings.hpp"

#include <boost/json.hpp>
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"
#include "store/screenings_repo.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"

namespace funnel::app {

namespace json = boost::json;

namespace {
ScreeningView screening_view(const store::Screening& s) {
  std::optional<PetitionRef> petition;
  if (s.petition_id) petition = PetitionRef{*s.petition_id, s.petition_number.value_or("")};
  return {s.id,
          {s.org_id, s.org_name},
          s.period,
          petition,
          s.matter,
          s.risk_level,
          s.measures,
          s.responsible,
          s.outcome,
          s.outcome_note,
          core::iso_utc(s.created_at),
          core::iso_utc(s.updated_at)};
}

}  // namespace

PageOf<ScreeningView> ScreeningService::list_screenings(const Actor& a, const std::optional<std::string>& period,
                                                        const std::optional<std::string>& outcome,
                                                        const core::Page& page) {
  k_.require(a, core::Permission::PetitionRead);
  return k_.db().read([&](store::Tx& tx) {
    PageOf<ScreeningView> out;
    for (auto& s : store::list_screenings(tx, a.scope, period, outcome, page, &out.total))
      out.items.push_back(screening_view(s));
    return out;
  });
}

namespace {
bool valid_period(const std::string& p) {
  // YYYY-MM (a month) or YYYY-Qn (a quarter): sweeps are monthly or quarterly.
  if (p.size() != 7 || p[4] != '-' || !core::all_digits(p.substr(0, 4))) return false;
  if (p[5] == 'Q') return p[6] >= '1' && p[6] <= '4';
  return core::all_digits(p.substr(5, 2)) && std::stoi(p.substr(5, 2)) >= 1 && std::stoi(p.substr(5, 2)) <= 12;
}
}  // namespace

ScreeningView ScreeningService::add_screening(const Actor& a, const ScreeningInput& in) {
  k_.require(a, core::Permission::PetitionRegister);
  if (!valid_period(in.period)) throw invalid("period", "应为 YYYY-MM（月）或 YYYY-Qn（季度）");
  if (!core::kRiskLevels.parse(in.risk_level)) throw invalid("risk_level", "未知的风险等级");
  if (!core::kScreeningOutcomes.parse(in.outcome)) throw invalid("outcome", "未知的化解结果");
  return k_.db().write([&](store::Tx& tx) {
    auto unit = unit_of(tx, a);
    check_petition_link(tx, a, in.petition_id);
    store::Screening s;
    s.county_id = *unit.county_id;
    s.org_id = unit.id;
    s.township_id = unit.township_id;
    s.period = in.period;
    s.petition_id = in.petition_id;
    s.matter = in.matter;
    s.risk_level = in.risk_level;
    s.measures = in.measures;
    s.responsible = core::trim(in.responsible);
    s.outcome = in.outcome;
    s.outcome_note = in.outcome_note;
    s.created_by = a.user.id;
    s.id = store::insert_screening(tx, s);
    k_.audit(tx, &a, "create", "screening", s.id, {{"period", s.period}, {"risk_level", s.risk_level}, {"outcome", s.outcome}});
    return screening_view(*store::find_screening(tx, a.scope, s.id));
  });
}

ScreeningView ScreeningService::set_screening_outcome(const Actor& a, long long id, const std::string& outcome,
                                                     const std::optional<std::string>& note) {
  k_.require(a, core::Permission::PetitionRegister);
  if (!core::kScreeningOutcomes.parse(outcome)) throw invalid("outcome", "未知的化解结果");
  return k_.db().write([&](store::Tx& tx) {
    auto s = store::find_screening(tx, a.scope, id);
    if (!s) throw not_found("排查记录不存在");
    if (!a.user.org_unit_id || s->org_id != *a.user.org_unit_id) throw forbidden("只能更新本单位的排查记录");
    store::update_screening_outcome(tx, id, outcome, note);
    k_.audit(tx, &a, "update", "screening", id, {{"outcome", json::array{json::value(s->outcome), json::value(outcome)}}});
    return screening_view(*store::find_screening(tx, a.scope, id));
  });
}

}  // namespace funnel::app
