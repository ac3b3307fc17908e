// Duty roster and visits (三访合一, IN-4), screening records (排查化解) and
// the monthly counts for analysis (分析研判) of IN-5.
#include <boost/json.hpp>

#include "app/app.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "store/visit_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

namespace {
core::OrgUnit unit_of(store::Tx& tx, const Actor& a) {
  core::Scope all;
  all.unrestricted = true;
  auto u = a.user.org_unit_id ? store::find_org(tx, all, *a.user.org_unit_id) : std::nullopt;
  if (!u || !u->county_id) throw forbidden("账号未归属单位");
  return *u;
}

core::Day checked_day(const std::string& field, const std::string& v, std::optional<core::Day> not_after) {
  auto d = core::parse_day(v);
  if (!d || *d < core::Day{std::chrono::year{2000} / 1 / 1}) throw invalid(field, "应为 YYYY-MM-DD 格式的有效日期");
  if (not_after && *d > *not_after) throw invalid(field, "不能晚于今天");
  return *d;
}

json::object roster_json(const store::RosterEntry& e) {
  return {{"id", e.id},       {"org", json::object{{"id", e.org_id}, {"name", e.org_name}}},
          {"day", e.day},     {"user", json::object{{"id", e.user_id}, {"name", e.user_name}}},
          {"note", opt(e.note)}};
}

json::object visit_json(const store::Visit& v) {
  return {{"id", v.id},
          {"org", json::object{{"id", v.org_id}, {"name", v.org_name}}},
          {"kind", v.kind},
          {"day", v.day},
          {"cadres", v.cadres},
          {"place", opt(v.place)},
          {"petition", v.petition_id ? json::value(json::object{{"id", *v.petition_id},
                                                                {"number", v.petition_number.value_or("")}})
                                     : json::value(nullptr)},
          {"summary", v.summary},
          {"outcome", opt(v.outcome)},
          {"created_at", core::iso_utc(v.created_at)}};
}

json::object screening_json(const store::Screening& s) {
  return {{"id", s.id},
          {"org", json::object{{"id", s.org_id}, {"name", s.org_name}}},
          {"period", s.period},
          {"petition", s.petition_id ? json::value(json::object{{"id", *s.petition_id},
                                                                {"number", s.petition_number.value_or("")}})
                                     : json::value(nullptr)},
          {"matter", s.matter},
          {"risk_level", s.risk_level},
          {"measures", s.measures},
          {"responsible", s.responsible},
          {"outcome", s.outcome},
          {"outcome_note", opt(s.outcome_note)},
          {"created_at", core::iso_utc(s.created_at)},
          {"updated_at", core::iso_utc(s.updated_at)}};
}

// A petition a visit or screening refers to must be one the actor can see.
void check_petition_link(store::Tx& tx, const Actor& a, const std::optional<long long>& id) {
  if (id && !store::find_petition(tx, a.scope, *id)) throw invalid("petition_id", "信访件不存在或不在本人数据范围内");
}
}  // namespace

json::object App::list_roster(const Actor& a, const std::optional<long long>& org_id, const std::string& from,
                              const std::string& to) {
  require(a, core::Permission::PetitionRead);
  auto f = core::parse_day(from), t = core::parse_day(to);
  if (!f) throw bad_request("应为 YYYY-MM-DD 格式的有效日期", "from");
  if (!t) throw bad_request("应为 YYYY-MM-DD 格式的有效日期", "to");
  if (*t < *f || (*t - *f).count() > 366) throw bad_request("期间应在一年以内且起止有序", "to");
  return db_->read([&](store::Tx& tx) {
    json::array items;
    for (auto& e : store::list_roster(tx, a.scope, org_id, from, to)) items.push_back(roster_json(e));
    auto n = static_cast<long long>(items.size());
    return json::object{{"items", items}, {"total", n}};
  });
}

json::object App::add_roster(const Actor& a, const std::string& day, long long user_id,
                             const std::optional<std::string>& note) {
  require(a, core::Permission::PetitionRegister);
  checked_day("day", day, std::nullopt);
  return db_->write([&](store::Tx& tx) {
    auto unit = unit_of(tx, a);
    auto u = store::find_user(tx, user_id);
    if (!u || u->org_unit_id != unit.id || u->status != "active")
      throw invalid("user_id", "值班人员应为本单位在岗用户");
    for (auto& e : store::list_roster(tx, a.scope, unit.id, day, day))
      if (e.user_id == user_id) throw conflict("该人员当日已在值班表中", "user_id");
    store::RosterEntry e;
    e.county_id = *unit.county_id;
    e.org_id = unit.id;
    e.township_id = unit.township_id;
    e.day = day;
    e.user_id = user_id;
    e.note = note;
    e.created_by = a.user.id;
    e.id = store::insert_roster(tx, e);
    audit(tx, &a, "create", "duty_roster", e.id, {{"day", day}, {"user_id", user_id}, {"org_id", unit.id}});
    return roster_json(*store::find_roster(tx, a.scope, e.id));
  });
}

void App::delete_roster(const Actor& a, long long id) {
  require(a, core::Permission::PetitionRegister);
  db_->write([&](store::Tx& tx) {
    auto e = store::find_roster(tx, a.scope, id);
    if (!e) throw not_found("值班记录不存在");
    if (!a.user.org_unit_id || e->org_id != *a.user.org_unit_id) throw forbidden("只能修改本单位的值班表");
    store::delete_roster(tx, id);
    audit(tx, &a, "delete", "duty_roster", id, {{"day", e->day}, {"user_id", e->user_id}});
  });
}

json::object App::list_visits(const Actor& a, const store::VisitFilter& f, const core::Page& page) {
  require(a, core::Permission::PetitionRead);
  return db_->read([&](store::Tx& tx) {
    long long total = 0;
    json::array items;
    for (auto& v : store::list_visits(tx, a.scope, f, page, &total)) items.push_back(visit_json(v));
    return json::object{{"items", items}, {"total", total}};
  });
}

json::object App::add_visit(const Actor& a, const VisitInput& in) {
  require(a, core::Permission::PetitionRegister);
  if (!core::kVisitKinds.parse(in.kind)) throw invalid("kind", "未知的接访类型");
  return db_->write([&](store::Tx& tx) {
    checked_day("day", in.day, core::day_of_ms(tx.now));
    auto unit = unit_of(tx, a);
    check_petition_link(tx, a, in.petition_id);
    store::Visit v;
    v.county_id = *unit.county_id;
    v.org_id = unit.id;
    v.township_id = unit.township_id;
    v.kind = in.kind;
    v.day = in.day;
    v.cadres = core::trim(in.cadres);
    v.place = in.place;
    v.petition_id = in.petition_id;
    v.summary = in.summary;
    v.outcome = in.outcome;
    v.created_by = a.user.id;
    v.id = store::insert_visit(tx, v);
    json::object detail{{"kind", v.kind}, {"day", v.day}};
    if (v.petition_id) detail["petition_id"] = *v.petition_id;
    audit(tx, &a, "create", "visit", v.id, detail);
    store::VisitFilter f;
    f.id = v.id;
    return visit_json(store::list_visits(tx, a.scope, f, core::Page{1, 1}, nullptr).at(0));
  });
}

json::object App::list_screenings(const Actor& a, const std::optional<std::string>& period,
                                  const std::optional<std::string>& outcome, const core::Page& page) {
  require(a, core::Permission::PetitionRead);
  return db_->read([&](store::Tx& tx) {
    long long total = 0;
    json::array items;
    for (auto& s : store::list_screenings(tx, a.scope, period, outcome, page, &total)) items.push_back(screening_json(s));
    return json::object{{"items", items}, {"total", total}};
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

json::object App::add_screening(const Actor& a, const ScreeningInput& in) {
  require(a, core::Permission::PetitionRegister);
  if (!valid_period(in.period)) throw invalid("period", "应为 YYYY-MM（月）或 YYYY-Qn（季度）");
  if (!core::kRiskLevels.parse(in.risk_level)) throw invalid("risk_level", "未知的风险等级");
  if (!core::kScreeningOutcomes.parse(in.outcome)) throw invalid("outcome", "未知的化解结果");
  return db_->write([&](store::Tx& tx) {
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
    audit(tx, &a, "create", "screening", s.id, {{"period", s.period}, {"risk_level", s.risk_level}, {"outcome", s.outcome}});
    return screening_json(*store::find_screening(tx, a.scope, s.id));
  });
}

json::object App::set_screening_outcome(const Actor& a, long long id, const std::string& outcome,
                                        const std::optional<std::string>& note) {
  require(a, core::Permission::PetitionRegister);
  if (!core::kScreeningOutcomes.parse(outcome)) throw invalid("outcome", "未知的化解结果");
  return db_->write([&](store::Tx& tx) {
    auto s = store::find_screening(tx, a.scope, id);
    if (!s) throw not_found("排查记录不存在");
    if (!a.user.org_unit_id || s->org_id != *a.user.org_unit_id) throw forbidden("只能更新本单位的排查记录");
    store::update_screening_outcome(tx, id, outcome, note);
    audit(tx, &a, "update", "screening", id, {{"outcome", json::array{json::value(s->outcome), json::value(outcome)}}});
    return screening_json(*store::find_screening(tx, a.scope, id));
  });
}

json::object App::petition_stats(const Actor& a, int year, const std::string& dimension) {
  require(a, core::Permission::PetitionRead);
  if (dimension != "channel" && dimension != "type" && dimension != "category" && dimension != "township")
    throw bad_request("应为 channel、type、category 或 township", "dimension");
  if (year < 2000 || year > 2100) throw bad_request("年份应在 2000–2100 之间", "year");
  return db_->read([&](store::Tx& tx) {
    // months × keys, every month present so a chart needs no gap filling.
    std::map<std::string, std::map<std::string, long long>> by_key;
    long long total = 0;
    for (auto& r : store::petition_month_counts(tx, a.scope, year, dimension)) {
      by_key[r.key][r.month] += r.count;
      total += r.count;
    }
    json::array months;
    for (int m = 1; m <= 12; ++m) months.push_back(json::value(std::to_string(year) + (m < 10 ? "-0" : "-") + std::to_string(m)));
    json::array series;
    for (auto& [key, counts] : by_key) {
      json::array values;
      long long sum = 0;
      for (auto& m : months) {
        auto it = counts.find(std::string(m.as_string()));
        long long n = it == counts.end() ? 0 : it->second;
        sum += n;
        values.push_back(n);
      }
      series.push_back(json::object{{"key", key}, {"counts", values}, {"total", sum}});
    }
    return json::object{{"year", year}, {"dimension", dimension}, {"months", months}, {"series", series}, {"total", total}};
  });
}

}  // namespace funnel::app
