// funnel demo: the demo county of data/demo.json, built through the same use
// cases as the UI (so numbering, permissions, clocks, indexes and the audit
// chain are real), and its petitions from 2017 to today replayed in time
// order. Deterministic: the same data file gives the same county.
#include <boost/json.hpp>
#include <memory>
#include <queue>
#include <random>
#include <tuple>

#include "tools/tools.hpp"
#include "app/cases.hpp"
#include "app/views.hpp"
#include "crypto/crypto.hpp"
#include "store/audit_log_repo.hpp"
#include "store/bulk.hpp"
#include "store/clues_repo.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"
#include "store/portal_repo.hpp"
#include "store/users_repo.hpp"
#include "core/error.hpp"
#include "core/portal.hpp"
#include "core/time.hpp"
#include "store/query.hpp"

namespace funnel::tools {

using namespace app;

namespace json = boost::json;

namespace {

using Rng = std::mt19937_64;

std::string str(const json::value& v) { return std::string(v.as_string()); }

core::Scope everything_scope() {
  core::Scope s;
  s.unrestricted = true;
  return s;
}

long long ms_of(core::Day d, int minute_of_day) {
  // 09:00 Asia/Shanghai = 01:00 UTC, plus the minute offset.
  return std::chrono::duration_cast<std::chrono::milliseconds>(d.time_since_epoch()).count() +
         (60LL + minute_of_day) * 60 * 1000;
}

std::string resident_id(Rng& rng, int year) {
  std::uniform_int_distribution<int> m(1, 12), d(1, 28), seq(100, 999);
  char base[18];
  std::snprintf(base, sizeof base, "371723%04d%02d%02d%03d", year, m(rng), d(rng), seq(rng));
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (base[i] - '0') * kWeights[i];
  return std::string(base, 17) + "10X98765432"[sum % 11];
}

struct Town {
  OrgUnitView unit;
  std::vector<OrgUnitView> villages;
  long long room = 0;
  std::vector<long long> staff;  // user ids: secretary first
};

struct Event {
  long long at;
  long long seq;  // ties keep insertion order
  std::function<void()> run;
  bool operator>(const Event& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

struct Demo {
  Services& s_;
  std::vector<std::pair<std::string, std::string>> run(const std::optional<std::string>& password,
                                                       std::vector<std::pair<std::string, std::string>>* receipts);
};

}  // namespace

std::vector<std::pair<std::string, std::string>> Demo::run(
    const std::optional<std::string>& password, std::vector<std::pair<std::string, std::string>>* receipts) {
  const json::value doc = json::parse(read_file(s_.kernel.config().resource_dir / "demo.json"));
  const auto& d = doc.as_object();
  long long orgs = s_.kernel.db().read([](store::Tx& tx) {
    long long n = 0;
    store::Query(tx).into(n).run("SELECT COUNT(*) FROM org_units");
    return n;
  });
  if (orgs > 0) throw conflict("数据库中已有组织机构：演示数据只能载入新初始化的空库");
  auto admin_id = s_.kernel.db().read([](store::Tx& tx) { return store::find_user_by_name(tx, "admin"); });
  auto sec_id = s_.kernel.db().read([](store::Tx& tx) { return store::find_user_by_name(tx, "secadmin"); });
  if (!admin_id || !sec_id) throw conflict("请先运行 funnel init");
  Actor admin = s_.auth.actor_for(admin_id->id), sec = s_.auth.actor_for(sec_id->id);
  Rng rng(20170101);
  const core::Day today = core::day_of_ms(store::now_ms());
  const core::Day start{std::chrono::year{2016} / 12 / 20};
  store::set_clock(ms_of(start, 0));
  struct ClockReset {
    ~ClockReset() { store::set_clock(0); }
  } reset;

  // --- organisation
  auto org = [&](std::optional<long long> parent, const char* kind, const std::string& cat, const std::string& name,
                 const std::string& short_name, std::optional<std::string> code) {
    OrgInput in;
    in.parent_id = parent;
    in.kind = kind;
    in.category = cat;
    in.name = name;
    in.short_name = short_name;
    in.division_code = std::move(code);
    return s_.org_units.create_org(admin, in);
  };
  const auto& c = d.at("county").as_object();
  auto county = org(std::nullopt, "county", "county", str(c.at("name")), str(c.at("short_name")), str(c.at("division_code")));
  std::map<std::string, OrgUnitView> dept;
  for (auto& v : d.at("departments").as_array()) {
    const auto& o = v.as_object();
    dept[str(o.at("category"))] = org(county.id, "department", str(o.at("category")), str(o.at("name")), str(o.at("short_name")), std::nullopt);
  }
  std::vector<OrgUnitView> rooms;
  int ri = 0;
  for (auto& v : d.at("rooms").as_array())
    rooms.push_back(org(county.id, "department", "discipline_room", str(v), "室" + std::to_string(++ri), std::nullopt));
  std::vector<Town> towns;
  for (auto& v : d.at("townships").as_array()) {
    const auto& o = v.as_object();
    Town t;
    t.unit = org(county.id, "township", str(o.at("category")), str(o.at("name")), str(o.at("short_name")), str(o.at("division_code")));
    int vi = 0;
    for (auto& vn : o.at("villages").as_array()) {
      std::string name = str(vn);
      char code[16];
      std::snprintf(code, sizeof code, "%s%03d", t.unit.division_code->c_str(), 200 + ++vi);
      bool community = name.find("社区") != std::string::npos;
      t.villages.push_back(org(t.unit.id, "village", community ? "community" : "village", name, name.substr(0, 6), std::string(code)));
    }
    towns.push_back(std::move(t));
  }
  // Room i guides townships 2i and 2i+1 (ORG-2).
  for (std::size_t i = 0; i < rooms.size(); ++i) {
    std::vector<long long> pair;
    for (std::size_t k = 2 * i; k < 2 * i + 2 && k < towns.size(); ++k) pair.push_back(towns[k].unit.id);
    s_.org_units.set_linked_townships(admin, rooms[i].id, pair);
    for (auto id : pair)
      for (auto& t : towns)
        if (t.unit.id == id) t.room = rooms[i].id;
  }

  // --- accounts
  std::vector<std::pair<std::string, std::string>> accounts;
  const auto& sur = d.at("surnames").as_array();
  const auto& given = d.at("given").as_array();
  auto person_name = [&]() {
    return str(sur[std::uniform_int_distribution<std::size_t>(0, sur.size() - 1)(rng)]) +
           str(given[std::uniform_int_distribution<std::size_t>(0, given.size() - 1)(rng)]);
  };
  std::map<std::string, long long> uid;
  auto account = [&](const Actor& by, const std::string& username, const std::string& role,
                     std::optional<long long> unit) {
    UserInput in;
    in.username = username;
    in.display_name = person_name() + "（演示）";
    in.role = role;
    in.org_unit_id = unit;
    in.password = password;
    auto [u, pw] = s_.users.provision_user(by, in);
    if (password)  // the demo password needs no change at first login
      s_.kernel.db().write([&](store::Tx& tx) { store::set_password(tx, u.id, store::find_user(tx, u.id)->password_hash, false); });
    accounts.emplace_back(username, password ? "" : pw);
    uid[username] = u.id;
    return u.id;
  };
  account(admin, "demo_county", "case_supervision", dept.at("case_supervision").id);
  account(admin, "demo_leader", "county_leader", county.id);
  account(admin, "demo_petition", "petition_office", dept.at("petition_office").id);
  account(admin, "demo_trial", "trial_office", dept.at("trial_office").id);
  for (std::size_t i = 0; i < rooms.size(); ++i) account(admin, "demo_room" + std::to_string(i + 1), "discipline_room", rooms[i].id);
  const auto& tdefs = d.at("townships").as_array();
  for (std::size_t i = 0; i < towns.size(); ++i) {
    char p[16];
    std::snprintf(p, sizeof p, "demo_t%02zu", i + 1);
    towns[i].staff.push_back(account(admin, i == 0 ? "demo_township" : std::string(p) + "_sec", "township_secretary", towns[i].unit.id));
    towns[i].staff.push_back(account(admin, std::string(p) + "_dep", "township_staff", towns[i].unit.id));
    long long n = tdefs[i].at("staff").to_number<long long>();
    for (long long k = 1; k <= n; ++k)
      towns[i].staff.push_back(account(admin, std::string(p) + "_s" + std::to_string(k), "township_staff", towns[i].unit.id));
  }
  account(sec, "demo_audit", "audit_admin", std::nullopt);

  std::map<long long, Actor> actors;
  auto who = [&](long long id) -> const Actor& {
    auto it = actors.find(id);
    if (it == actors.end()) it = actors.emplace(id, s_.auth.actor_for(id)).first;
    return it->second;
  };

  // --- petitions, replayed in time order
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  long long seq = 0;
  const long long now_limit = ms_of(today, -60);  // nothing after 08:00 today
  auto at = [&](long long when, std::function<void()> fn) {
    if (when < now_limit) events.push({when, ++seq, std::move(fn)});
  };
  std::uniform_real_distribution<double> u01(0, 1);
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  const auto& problems = d.at("problems").as_array();
  const auto& escal = d.at("escalation_phrases").as_array();
  const auto& oos = d.at("out_of_scope").as_array();
  const double township_share = d.at("township_registered_share").to_number<double>();
  auto fill = [](std::string s, const std::map<std::string, std::string>& v) {
    for (auto& [k, val] : v)
      for (auto p = s.find("{" + k + "}"); p != std::string::npos; p = s.find("{" + k + "}")) s.replace(p, k.size() + 2, val);
    return s;
  };
  // Items per township that a later one may repeat (重复件): registered
  // earlier, by the same intake user (so the target is in that user's scope).
  struct Prior {
    long long index, t0, intake_user;
    PetitionInput in;
  };
  std::map<long long, std::vector<Prior>> earlier;
  std::map<long long, long long> id_of;  // generation index → petition id
  long long index = 0;

  const std::chrono::year_month_day tymd0{today};
  // --- problem clues: each one's life through dispatch and disposal,
  // scheduled step by step (a step that would fall after today stays undone,
  // so this year's clues wait at every stage).
  const long long dayms = 24LL * 3600 * 1000;
  auto room_user = [&](long long room_id) {
    for (std::size_t k = 0; k < rooms.size(); ++k)
      if (rooms[k].id == room_id) return uid.at("demo_room" + std::to_string(k + 1));
    return uid.at("demo_room1");
  };
  auto day_of = [](long long ms) { return core::format_day(core::day_of_ms(ms)); };
  auto clue_step = [](const char* action) {
    ClueActionInput a;
    a.action = action;
    return a;
  };
  struct ClueRun {
    long long id = 0;
    const Town* town = nullptr;
    bool township = true;     // lead: the township (else its room)
    long long lead_user = 0;  // who signs, proposes and records
    double fate = 0, method_draw = 0, outcome_draw = 0;
  };
  std::function<void(std::shared_ptr<ClueRun>, long long, std::optional<std::string>)> propose_disposal;
  std::function<void(std::shared_ptr<ClueRun>, long long, int)> approve;
  std::function<void(std::shared_ptr<ClueRun>, long long)> after_approval;
  std::function<void(std::shared_ptr<ClueRun>, long long)> case_life;
  auto clue_do = [&](const std::shared_ptr<ClueRun>& r, long long user, ClueActionInput a) {
    return s_.clues.act_on_clue(who(user), r->id, a);
  };
  // The disposal proposal; a tenth is late (past GZ 21's month), so some are overdue now.
  propose_disposal = [&](std::shared_ptr<ClueRun> r, long long t, std::optional<std::string> forced) {
    at(t, [&, r, t, forced]() {
      ClueActionInput a = clue_step("propose_disposal");
      const double m = r->method_draw;
      std::string method = forced     ? *forced
                           : m < 0.45 ? "talk_inquiry"
                           : m < 0.7  ? "preliminary_verification"
                           : m < 0.8  ? "pending"
                                      : "closure";
      a.method = method;
      if (method == "talk_inquiry") a.plan = "由承办部门负责人与被反映人谈话，或发函要求其书面说明";
      if (method == "preliminary_verification") a.plan = "成立核查组，调取账目凭证，走访知情群众，不与被反映人接触";
      if (method == "pending") {
        a.plan = "反映问题暂不具备核查条件";
        a.review_day = day_of(t + 120 * dayms);
      }
      if (method == "closure") a.reason = "反映问题已在其他线索中查清，予以了结";
      clue_do(r, r->lead_user, a);
      approve(r, t + dayms, 0);
    });
  };
  approve = [&](std::shared_ptr<ClueRun> r, long long t, int i) {
    at(t, [&, r, t, i]() {
      // Township matters: the township secretary; county matters: the room, then the leader.
      const long long user = r->township ? r->town->staff.front()
                             : i == 0    ? room_user(r->town->room)
                                         : uid.at("demo_leader");
      auto j = clue_do(r, user, clue_step("approve_disposal"));
      if (j.state == "disposal_proposed")
        approve(r, t + 2 * dayms, i + 1);
      else
        after_approval(r, t);
    });
  };
  after_approval = [&](std::shared_ptr<ClueRun> r, long long t) {
    auto state = s_.kernel.db().read([&](store::Tx& tx) { return store::find_clue(tx, everything_scope(), r->id)->state; });
    const double o = r->outcome_draw;
    // This year's inquiries and verifications take longer, so some are under way today.
    const bool slow = t >= ms_of(core::Day{tymd0.year() / 1 / 1}, 0);
    if (state == "in_talk_inquiry") {
      const bool letter = r->fate < 0.5;
      long long t1 = t + 3 * dayms;
      at(t1, [&, r, t1, letter, o, slow]() {
        ClueRecordInput rec;
        rec.kind = letter ? "inquiry_letter" : "talk_record";
        rec.day = day_of(t1);
        rec.text = letter ? "以县纪委监委办公室名义发出函询函，要求15个工作日内书面说明"
                          : "在谈话室与被反映人谈话，本人对反映问题作了说明";
        s_.clues.add_clue_record(who(r->lead_user), r->id, rec);
        long long t2 = t1 + (letter ? 10 : 0) * dayms;
        if (letter)
          at(t2, [&, r, t2]() {
            ClueRecordInput rep;
            rep.kind = "inquiry_reply";
            rep.day = day_of(t2);
            rep.text = "被反映人书面说明，经所在党委主要负责人签字";
            rep.evaluation = "说明内容与掌握情况基本一致";
            s_.clues.add_clue_record(who(r->lead_user), r->id, rep);
          });
        at(t2 + (slow ? 40 : 14) * dayms, [&, r, o, t2]() {
          ClueActionInput c = clue_step("conclude");
          c.outcome = o < 0.55 ? "closed_unfounded" : o < 0.9 ? "first_form" : "to_verification";
          c.note = o < 0.55  ? "反映问题不实，采信说明，予以了结"
                   : o < 0.9 ? "问题轻微，进行批评教育"
                             : "说明与事实不符，转初步核实";
          clue_do(r, r->lead_user, c);
          if (o >= 0.9) {
            r->outcome_draw = 0.3;  // the verification then closes it
            propose_disposal(r, t2 + 20 * dayms, std::string("preliminary_verification"));
          }
        });
      });
    } else if (state == "in_verification") {
      long long t1 = t + 2 * dayms;
      at(t1, [&, r, t1, o, slow]() {
        ClueRecordInput plan;
        plan.kind = "verification_plan";
        plan.day = day_of(t1);
        plan.text = "核查组由三人组成，核查期限三个月";
        s_.clues.add_clue_record(who(r->lead_user), r->id, plan);
        long long t2 = t1 + ((slow ? 70 : 30) + static_cast<long long>(r->fate * 40)) * dayms;
        at(t2, [&, r, t2, o]() {
          ClueRecordInput rep;
          rep.kind = "verification_report";
          rep.day = day_of(t2);
          rep.text = "初步核实报告：经核查组全体成员签字，提出处置建议";
          s_.clues.add_clue_record(who(r->lead_user), r->id, rep);
          at(t2 + 3 * dayms, [&, r, t2, o]() {
            ClueActionInput c = clue_step("conclude");
            c.outcome = o < 0.15   ? "file_case"
                        : o < 0.55 ? "close"
                        : o < 0.8  ? "first_form"
                        : o < 0.9  ? "keep_pending"
                                   : "transfer";
            c.note = "经初步核实，按核查组建议处置";
            if (*c.outcome == "keep_pending") c.review_day = day_of(t2 + 123 * dayms);
            clue_do(r, r->lead_user, c);
            if (*c.outcome == "file_case") case_life(r, t2 + 6 * dayms);
            if (*c.outcome == "keep_pending") {
              r->method_draw = 0.9;  // reviewed later and closed
              long long t3 = t2 + 124 * dayms;
              at(t3, [&, r, t3]() {
                clue_do(r, r->lead_user, clue_step("review"));
                propose_disposal(r, t3 + 3 * dayms, std::string("closure"));
              });
            }
          });
        });
      });
    } else if (state == "pending") {
      long long t3 = t + 121 * dayms;
      at(t3, [&, r, t3]() {
        clue_do(r, r->lead_user, clue_step("review"));
        propose_disposal(r, t3 + 3 * dayms, std::string("closure"));
      });
    }
  };
  // A clue whose verification proposed filing becomes a case per party
  // member it names (others are outside party discipline in the demo):
  // requested by the lead, approved along its chain; the township's or the
  // joint team (the room with the township secretary) investigates — a talk,
  // 调取 and its return —, shows the facts and transfers the case to trial,
  // each step on its day (a step after today stays undone, so this year's
  // cases wait at every stage). A county-led case waits for its team after
  // approval: a demo room has one account, and a team needs two.
  auto case_do = [&](long long user, long long id, CaseActionInput a) { return s_.cases.act_on_case(who(user), id, a); };
  auto case_step = [](const char* action) {
    CaseActionInput a;
    a.action = action;
    return a;
  };
  std::function<void(std::shared_ptr<ClueRun>, long long, long long)> approve_case, investigate_case;
  approve_case = [&](std::shared_ptr<ClueRun> r, long long id, long long t) {
    at(t, [&, r, id, t]() {
      auto k = s_.cases.get_case(who(r->lead_user), id);
      if (k.state != "filing_requested" || !k.approvals.next) {
        if (k.state == "filed") investigate_case(r, id, t + 2 * dayms);
        return;
      }
      const std::string next = *k.approvals.next;
      const long long user = next == "township_secretary" || next == "township_party_committee" ? r->town->staff.front()
                             : next == "discipline_room"                                        ? r->lead_user
                                                                                                : uid.at("demo_leader");
      CaseActionInput a = case_step("approve_filing");
      if (next == "township_party_committee" || next == "county_party_committee")
        a.approval_ref = (next == "township_party_committee" ? "党委批〔" : "县委批〔") + day_of(t).substr(0, 4) + "〕" +
                         std::to_string(id) + "号";
      case_do(user, id, a);
      approve_case(r, id, t + dayms);
    });
  };
  investigate_case = [&](std::shared_ptr<ClueRun> r, long long id, long long t) {
    const auto k = s_.cases.get_case(who(r->lead_user), id);
    if (k.mode == "county_led") return;
    const long long second = r->township ? (r->lead_user == r->town->staff.front() ? r->town->staff[1] : r->town->staff.front())
                                         : r->town->staff.front();
    at(t, [&, r, id, t, second]() {
      CaseActionInput a = case_step("start_investigation");
      a.plan = "谈话了解情况，调取相关账目凭证，询问知情人";
      a.team = {r->lead_user, second};
      case_do(r->lead_user, id, a);
      const std::string approver = r->township ? "township_secretary" : "county_leader";
      at(t + 5 * dayms, [&, r, id, t, second, approver]() {
        CaseActionInput m = case_step("record_measure");
        m.measure = "talk";
        m.day = day_of(t + 5 * dayms);
        m.approved_by = approver == "county_leader" ? "discipline_room" : approver;
        m.people = {r->lead_user, second};
        m.note = "与被审查人谈话，本人对主要问题作了交代";
        auto k2 = case_do(r->lead_user, id, m);
        CaseActionInput g = m;
        g.measure = "retrieve";
        g.approved_by = approver;
        g.note = "调取村（社区）财务账目";
        k2 = case_do(r->lead_user, id, g);
        const long long measure = k2.measures.back().id;
        at(t + 30 * dayms, [&, r, id, t, measure]() {
          s_.cases.end_measure(who(r->lead_user), id, measure, day_of(t + 30 * dayms), day_of(t + 30 * dayms));
          at(t + 45 * dayms, [&, r, id, t]() {
            CaseActionInput f = case_step("show_facts");
            f.signed_by_person = true;
            case_do(r->lead_user, id, f);
            CaseActionInput q = case_step("request_transfer");
            q.report = "经审查，被审查人违纪事实清楚，证据确凿，建议移送审理";
            case_do(r->lead_user, id, q);
            at(t + 48 * dayms, [&, r, id]() {
              auto k3 = s_.cases.get_case(who(r->lead_user), id);
              while (k3.state == "transfer_requested" && k3.approvals.next) {
                const std::string n = *k3.approvals.next;
                const long long u = n == "township_secretary" ? r->town->staff.front()
                                    : n == "discipline_room"  ? r->lead_user
                                                              : uid.at("demo_leader");
                k3 = case_do(u, id, case_step("approve_transfer"));
              }
            });
          });
        });
      });
    });
  };
  case_life = [&](std::shared_ptr<ClueRun> r, long long t) {
    at(t, [&, r, t]() {
      auto cl = s_.clues.get_clue(who(r->lead_user), r->id);
      for (auto& p : cl.persons) {
        if (!p.party_member) continue;
        CaseInput in;
        in.source = "from_clue";
        in.clue_id = r->id;
        in.person_id = p.person_id;
        in.violations = {r->fate < 0.5 ? "mass_discipline" : "integrity_discipline"};
        // A public official is also a 监察对象: a village cadre of 基层群众性自治组织, else a civil servant.
        if (p.public_official)
          in.supervised_category = p.cadre_level == "village_cadre" ? "grassroots_autonomy" : "civil_servant";
        in.mode = cl.mode;
        if (cl.mode == "county_led" || cl.mode == "joint") in.township_id = r->town->unit.id;
        if (cl.mode == "joint") in.assist_org_id = r->town->unit.id;
        in.summary = "经初步核实，" + cl.summary + "问题基本属实，拟立案审查";
        long long id = 0;
        try {
          id = s_.cases.file_case(who(r->lead_user), in).id;
        } catch (const Error&) {
          continue;  // outside the lead's jurisdiction (e.g. a 乡科级 person at a township): not filed there
        }
        approve_case(r, id, t + dayms);
      }
    });
  };
  // Registered → dispatched by 案管 (the proposal, a fifth of township
  // matters asked to be joint), approved by the leader, signed for by the lead.
  // showcase: fixed draws (method: 0.1 inquiry, 0.5 verification, 0.75 pending; fate > 0.88: a late proposal).
  auto clue_life = [&](long long id, long long t0, const Town* town,
                       std::optional<std::pair<double, double>> showcase = std::nullopt) {
    auto r = std::make_shared<ClueRun>();
    r->id = id;
    r->town = town;
    r->fate = u01(rng);
    r->method_draw = u01(rng);
    r->outcome_draw = u01(rng);
    if (showcase) std::tie(r->method_draw, r->fate) = *showcase;
    const double joint_draw = u01(rng);
    const long long t1 = t0 + dayms * (1 + static_cast<long long>(r->fate * 4));
    at(t1, [&, r, t1, joint_draw]() {
      auto p = s_.clues.clue_dispatch_proposal(who(uid.at("demo_county")), r->id);
      ClueActionInput a = clue_step("propose_dispatch");
      std::string mode = p.mode;
      if (mode == "township" && joint_draw < 0.2) {
        mode = "joint";
        a.reason = "涉及金额较大、人员较多，需县级力量支持";
      }
      a.mode = mode;
      r->township = mode == "township";
      if (r->township) {
        a.lead_org_id = r->town->unit.id;
        r->lead_user = r->town->staff[1 + static_cast<std::size_t>(r->fate * (r->town->staff.size() - 1)) %
                                              (r->town->staff.size() - 1)];
      } else {
        a.lead_org_id = r->town->room;
        if (mode == "joint")
          a.assist_org_id = r->town->unit.id;
        else if (p.assist_org_id)
          a.assist_org_id = p.assist_org_id;
        r->lead_user = room_user(r->town->room);
      }
      clue_do(r, uid.at("demo_county"), a);
      at(t1 + dayms, [&, r, t1]() {
        clue_do(r, uid.at("demo_leader"), clue_step("approve_dispatch"));
        at(t1 + 2 * dayms, [&, r, t1]() {
          clue_do(r, r->lead_user, clue_step("acknowledge"));
          const bool late = r->fate > 0.88;
          propose_disposal(r,
                           t1 + dayms * (late ? 40 + static_cast<long long>(r->fate * 20)
                                              : 6 + static_cast<long long>(r->fate * 20)),
                           std::nullopt);
        });
      });
    });
  };

  for (auto& [year_s, count_v] : d.at("petitions_per_year").as_object()) {
    const int year = std::stoi(std::string(year_s));
    const long long n = count_v.to_number<long long>();
    core::Day first{std::chrono::year{year} / 1 / 1}, last{std::chrono::year{year} / 12 / 31};
    if (first >= today) continue;
    if (last >= today) last = today - std::chrono::days{1};
    const int span = static_cast<int>((last - first).count()) + 1;
    for (long long i = 0; i < n; ++i) {
      core::Day day = s_.kernel.calendar().working_day_on_or_after(first + std::chrono::days{pick(span)});
      // The current year's last few arrived in the past fortnight, so that
      // fresh items wait at every early step.
      if (last == today - std::chrono::days{1} && i < 8) day = today - std::chrono::days{1 + 2 * i};
      if (day > last) day = last;
      const bool at_township = u01(rng) < township_share;
      Town& town = towns[pick(towns.size())];
      const auto& village = town.villages[pick(town.villages.size())];
      const double r = u01(rng);
      PetitionInput in;
      in.channel = r < 0.25 ? "letter" : r < 0.6 ? "visit" : r < 0.8 ? "phone" : "web";
      in.type = "accusation";
      in.received_day = core::format_day(day);
      in.real_name = u01(rng) < 0.6;
      if (in.real_name) {
        ReporterInput rep;
        rep.name = person_name();
        rep.id_number = resident_id(rng, 1950 + static_cast<int>(pick(50)));
        rep.phone = "13" + std::to_string(500000000 + static_cast<long long>(pick(499999999)));
        rep.address = village.name;
        in.reporter = rep;
      } else if (in.channel == "phone") {
        in.reporter = ReporterInput{std::nullopt, std::nullopt, "0530-" + std::to_string(8000000 + pick(999999)), std::nullopt, std::nullopt};
      }
      const bool showcase = last == today - std::chrono::days{1} && i == 0;  // an open collective visit
      if (showcase) in.channel = "visit";
      if (in.channel == "letter") in.postmark_day = core::format_day(day - std::chrono::days{1 + pick(3)});
      if (in.channel == "visit") {
        in.visitors = showcase || u01(rng) < 0.05 ? 5 + static_cast<int>(pick(6)) : 1 + static_cast<int>(pick(3));
        in.identity_checked = true;
        in.reception_cadre = person_name();
      }
      if (in.channel == "phone") in.call_time = in.received_day + "T" + (pick(2) ? "09:" : "15:") + std::to_string(10 + pick(49));
      if (in.channel == "web") in.web_source = pick(2) ? "12388举报网站" : "县纪委监委微信公众号";
      const bool out_of_scope = !showcase && u01(rng) < 0.05;
      const long long t0 = ms_of(day, static_cast<int>(pick(420)));
      auto& twn = earlier[town.unit.id];
      std::vector<const Prior*> before;
      for (auto& p : twn)
        if (p.t0 < t0 - 24LL * 3600 * 1000) before.push_back(&p);
      const bool repeat = !showcase && !out_of_scope && !before.empty() && u01(rng) < 0.06;
      long long repeat_of = -1;
      long long repeat_intake = 0;
      if (out_of_scope) {
        const auto& o = oos[pick(oos.size())].as_object();
        in.type = "out_of_scope";
        in.summary = str(o.at("summary"));
        in.content = str(o.at("content"));
        in.category = "not_discipline";
        in.subcategory = str(o.at("subcategory"));
      } else if (repeat) {
        // Near-identical text about the same person: a repeat to merge.
        const Prior& pr = *before[pick(before.size())];
        const PetitionInput& prev = pr.in;
        repeat_of = pr.index;
        repeat_intake = pr.intake_user;
        in.summary = "再次" + prev.summary;
        in.content = prev.content + "此前已反映过，至今没有结果。";
        in.category = prev.category;
        in.subcategory = prev.subcategory;
        in.area = prev.area;
        in.persons = prev.persons;
        in.place_org_id = prev.place_org_id;
      } else {
        const auto& pr = problems[pick(problems.size())].as_object();
        const bool township_post = u01(rng) < 0.25;
        const auto& posts = d.at(township_post ? "township_posts" : "village_posts").as_array();
        const auto& post = posts[pick(posts.size())].as_array();
        ReportedInput p;
        p.name = person_name();
        p.unit_name = township_post ? town.unit.name : village.name + (village.category == "community" ? "居委会" : "村委会");
        p.post = str(post[0]);
        p.cadre_level = str(post[1]);
        p.party_member = true;
        p.public_official = township_post;
        p.unit_org_id = township_post ? town.unit.id : village.id;
        std::map<std::string, std::string> vars{{"village", village.name},
                                                {"post", *p.post},
                                                {"name", p.name},
                                                {"year", std::to_string(year)},
                                                {"amount", std::to_string(2 + pick(30)) + "000"}};
        in.summary = fill(str(pr.at("summary")), vars);
        in.content = fill(str(pr.at("content")), vars);
        if (showcase || u01(rng) < 0.08) in.content += str(escal[pick(escal.size())]) + "。";
        in.category = str(pr.at("category"));
        in.subcategory = str(pr.at("subcategory"));
        in.area = str(pr.at("area"));
        in.persons = {p};
        in.place_org_id = village.id;
        in.fast_track = u01(rng) < 0.1;
      }
      // A township cadre of 乡科级 is the county's (IN-3): a township that
      // takes such an item in sends it up at registration, so the county's
      // petition office accepts it and a room handles it.
      const bool county_matter = !in.persons.empty() && in.persons.front().cadre_level == "township_section";
      const bool here = at_township && !county_matter;
      // The draw as before, so the demo's random stream (and its figures) stay put.
      const long long township_pick = !repeat && at_township ? town.staff[pick(town.staff.size())] : 0;
      const long long intake_user = repeat ? repeat_intake : here ? township_pick : uid.at("demo_petition");
      const long long secretary = town.staff.front();
      const long long approver = here ? secretary : uid.at("demo_leader");
      const bool to_room = (!at_township && u01(rng) < 0.4) || county_matter;
      const long long handler_org = to_room ? town.room : town.unit.id;
      long long handler_user = town.staff[pick(town.staff.size())];
      if (to_room)
        for (std::size_t k = 0; k < rooms.size(); ++k)
          if (rooms[k].id == town.room) handler_user = uid.at("demo_room" + std::to_string(k + 1));
      const double fate = u01(rng);
      const long long my_index = ++index;
      if (!repeat && !out_of_scope) twn.push_back({my_index, t0, intake_user, in});
      const bool real = in.real_name;
      // Register, then schedule the item's steps; steps after today stay undone.
      const bool this_year = last == today - std::chrono::days{1};
      const Town* town_p = &town;
      at(t0, [&, in, intake_user, approver, handler_org, handler_user, t0, fate, real, repeat_of, out_of_scope,
              my_index, town_p, this_year]() mutable {
        auto reg = s_.petitions.register_petition(who(intake_user), in);
        const long long id = reg.id;
        id_of[my_index] = id;
        const long long dayms = 24LL * 3600 * 1000;
        auto act = [&, id](long long when, long long user, PetitionActionInput a) {
          at(when, [this, id, user, a, &who]() { s_.petitions.act_on_petition(who(user), id, a); });
        };
        auto step = [](const char* action, std::optional<std::string> reason = std::nullopt,
                       std::optional<std::string> note = std::nullopt) {
          PetitionActionInput a;
          a.action = action;
          a.reason = std::move(reason);
          a.note = std::move(note);
          return a;
        };
        long long t = t0 + dayms * (1 + static_cast<long long>(fate * 3));
        // Files are archived once a year (年度归档), in the January after.
        const int y = static_cast<int>(std::chrono::year_month_day{core::day_of_ms(t0)}.year());
        const long long archive_day = ms_of(core::Day{std::chrono::year{y + 1} / 1 / 20}, static_cast<int>(fate * 300));
        auto archive_at = [&](long long after) { return std::max(after, archive_day); };
        if (out_of_scope) {
          auto a = step("transfer_out", "不属于纪检监察机关受理范围");
          a.transfer_to = fate < 0.5 ? "县人民法院" : "县人力资源和社会保障局";
          act(t, intake_user, a);
          act(archive_at(t + 2 * dayms), intake_user, step("archive"));
          return;
        }
        if (repeat_of > 0) {
          auto a = step("merge", "与前件反映同一问题，合并办理");
          a.merged_into = id_of.at(repeat_of);
          act(t, intake_user, a);
          act(archive_at(t + 3 * dayms), intake_user, step("archive"));
          return;
        }
        if (fate < 0.04) {
          act(t, intake_user, step("reject", "反映内容不具体，无法查证"));
          act(archive_at(t + 2 * dayms), intake_user, step("archive"));
          return;
        }
        act(t, intake_user, step("accept"));
        PetitionActionInput assign = step("assign");
        assign.handler_org_id = handler_org;
        act(t + dayms, intake_user, assign);
        act(t + 2 * dayms, handler_user, step("acknowledge"));
        // A tenth stall past the three-month limit (overdue now), a few are
        // suspended for a while or extended, some become clues.
        // This year more of them stall, so open, due-soon and overdue work exists.
        const bool stall = fate > 0.9 || (this_year && fate > 0.6 && fate <= 0.8);
        long long done = t + dayms * (stall ? (this_year ? 200 : 110) + static_cast<long long>(fate * 60)
                                            : 20 + static_cast<long long>(fate * 50));
        if ((fate > 0.86 && fate <= 0.88) || (this_year && fate > 0.5 && fate <= 0.6)) {
          act(t + 10 * dayms, approver, step("suspend", "等待有关部门出具鉴定意见"));
          act(t + 150 * dayms, approver, step("resume"));
          done += 140 * dayms;
        }
        if (fate > 0.88 && fate <= 0.9) {
          act(t + 60 * dayms, approver, step("extend", "涉及多个村，需延期核查"));
          done += 20 * dayms;
        }
        if (fate > 0.8 && fate <= 0.84) {
          at(done, [&, id, handler_user, done, town_p, step]() {
            auto j = s_.petitions.act_on_petition(who(handler_user), id,
                                     step("convert_to_clue", std::nullopt, "反映问题具体、可查，转为问题线索"));
            for (auto& cl : j.clues) clue_life(cl.id, done, town_p);
          });
          act(archive_at(done + 3 * dayms), intake_user, step("archive"));
          return;
        }
        act(done, handler_user, step("conclude", std::nullopt, fate < 0.5 ? "经核实，反映问题基本属实，已责令整改并给予批评教育" : "经核实，反映问题不属实，已向群众说明"));
        if (real) {
          act(done + 5 * dayms, intake_user, step("give_feedback", std::nullopt, "已电话告知举报人办理结果"));
          act(done + 12 * dayms, intake_user, step("follow_up", std::nullopt, "回访，举报人表示满意"));
          act(archive_at(done + 15 * dayms), intake_user, step("archive"));
        } else {
          act(archive_at(done + 5 * dayms), intake_user, step("archive"));
        }
      });
    }
  }
  // Clues from the other sources (巡察, 审计, 上级交办 …), registered by the
  // county office, a township or a room, each then living its life.
  const auto& csrc = d.at("clue_sources").as_array();
  long long clue_index = 0;
  for (auto& [year_s, count_v] : d.at("clues_per_year").as_object()) {
    const int year = std::stoi(std::string(year_s));
    core::Day first{std::chrono::year{year} / 1 / 1}, last{std::chrono::year{year} / 12 / 31};
    if (first >= today) continue;
    if (last >= today) last = today - std::chrono::days{1};
    const int span = static_cast<int>((last - first).count()) + 1;
    for (long long i = 0; i < count_v.to_number<long long>(); ++i) {
      const auto& src = csrc[static_cast<std::size_t>(clue_index++) % csrc.size()].as_object();
      core::Day day = s_.kernel.calendar().working_day_on_or_after(first + std::chrono::days{pick(span)});
      // This year's last few arrived in the past fortnight: clues wait at the first stages;
      // three from five weeks ago are under inquiry, under verification and pending today,
      // and one's disposal proposal is overdue.
      const bool this_year = last == today - std::chrono::days{1};
      if (this_year && i < 6) day = today - std::chrono::days{1 + 2 * i};
      std::optional<std::pair<double, double>> showcase;
      if (this_year && i >= 6 && i < 10) {
        day = s_.kernel.calendar().working_day_on_or_after(today - std::chrono::days{i == 9 ? 45 : 36});
        showcase = std::pair{i == 6 ? 0.1 : i == 7 ? 0.5 : 0.75, i == 9 ? 0.95 : 0.3};
      }
      if (day > last) day = last;
      const Town* town = &towns[pick(towns.size())];
      const auto& village = town->villages[pick(town->villages.size())];
      const auto& pr = problems[pick(problems.size())].as_object();
      const double kind = u01(rng);
      ReportedInput p;
      p.name = person_name();
      p.party_member = true;
      if (kind < 0.7) {
        const auto& post = d.at("village_posts").as_array()[pick(5)].as_array();
        p.unit_name = village.name + (village.category == "community" ? "居委会" : "村委会");
        p.post = str(post[0]);
        p.cadre_level = str(post[1]);
        p.unit_org_id = village.id;
      } else {
        // Township cadres: some above township jurisdiction, a few the township's own discipline staff.
        const auto& posts = d.at("township_posts").as_array();
        const auto& post = posts[pick(posts.size())].as_array();
        p.unit_name = town->unit.name;
        p.post = kind > 0.97 ? "镇纪委委员" : str(post[0]);
        p.cadre_level = kind > 0.97 ? "general_cadre" : str(post[1]);
        p.public_official = true;
        p.township_discipline_staff = kind > 0.97;
        p.unit_org_id = town->unit.id;
      }
      std::map<std::string, std::string> vars{{"village", village.name},
                                              {"post", *p.post},
                                              {"name", p.name},
                                              {"year", std::to_string(year)},
                                              {"amount", std::to_string(2 + pick(30)) + "000"}};
      ClueInput in;
      in.source = str(src.at("source"));
      in.summary = str(src.at("prefix")) + fill(str(pr.at("summary")), vars);
      in.content = fill(str(pr.at("content")), vars);
      in.category = str(pr.at("category"));
      in.received_day = core::format_day(day);
      in.township_id = town->unit.id;
      in.persons = {p};
      const double flag = u01(rng);
      in.difficult = flag < 0.08;
      in.cross_township = flag >= 0.08 && flag < 0.12;
      in.needs_county_strength = flag >= 0.12 && flag < 0.25;
      const std::string by = str(src.at("by"));
      // A township registers what it found in its own area; a conflict-of-interest clue goes through the county.
      const long long registrar = by == "township" && !p.township_discipline_staff ? town->staff.front()
                                  : by == "room"                                   ? room_user(town->room)
                                                                                   : uid.at("demo_county");
      const long long t0 = ms_of(day, static_cast<int>(pick(420)));
      at(t0, [&, in, registrar, t0, town, showcase]() {
        auto j = s_.clues.register_clue(who(registrar), in);
        clue_life(j.id, t0, town, showcase);
      });
    }
  }

  // Monthly clue reports (线索月报): each township reports the month before
  // the 20th of the next; some late, some returned and sent again, the last
  // month's not yet from a few townships (the warning shows it).
  const auto& mr = d.at("monthly_reports").as_object();
  const double late_share = mr.at("late_share").to_number<double>();
  const double returned_share = mr.at("returned_share").to_number<double>();
  const std::size_t unsubmitted = static_cast<std::size_t>(mr.at("unsubmitted_last_month").to_number<long long>());
  const std::chrono::year_month_day tymd{today};
  const auto this_month = std::chrono::year_month{tymd.year(), tymd.month()};
  for (auto m = std::chrono::year_month{std::chrono::year{2017}, std::chrono::January}; m < this_month;
       m += std::chrono::months{1}) {
    const std::string month =
        core::format_month(static_cast<int>(m.year()), static_cast<int>(static_cast<unsigned>(m.month())));
    const auto next = m + std::chrono::months{1};
    const bool last_month = next == this_month;
    for (std::size_t k = 0; k < towns.size(); ++k) {
      const double r = u01(rng);
      const long long sec = towns[k].staff.front();
      const long long tid = towns[k].unit.id;
      if (last_month && k >= towns.size() - unsubmitted) continue;
      const bool late = r < late_share;
      const bool returned = r >= late_share && r < late_share + returned_share;
      const core::Day sub_day = s_.kernel.calendar().working_day_on_or_after(core::Day{
          next / std::chrono::day{late ? 21u + static_cast<unsigned>(pick(6)) : 5u + static_cast<unsigned>(pick(12))}});
      const long long t = ms_of(sub_day, 60 + static_cast<int>(pick(300)));
      at(t, [&, sec, tid, month, t, returned]() {
        auto rep = s_.clue_reports.submit_clue_report(who(sec), tid, month, std::nullopt);
        const long long rid = *rep.id;
        const long long cs = uid.at("demo_county");
        if (returned) {
          at(t + dayms, [&, rid, cs, sec, tid, month, t]() {
            s_.clue_reports.return_clue_report(who(cs), rid, "部分线索办理进展填报不完整，请补充后重新报送");
            at(t + 3 * dayms, [&, rid, cs, sec, tid, month, t]() {
              s_.clue_reports.submit_clue_report(who(sec), tid, month, std::string("已补充办理进展"));
              at(t + 5 * dayms, [&, rid, cs]() { s_.clue_reports.acknowledge_clue_report(who(cs), rid); });
            });
          });
        } else {
          at(t + 2 * dayms, [&, rid, cs]() { s_.clue_reports.acknowledge_clue_report(who(cs), rid); });
        }
      });
    }
  }

  // Reports through the public portal (网上举报) in the last days: the proof
  // of work solved here as a browser would, a receipt and password each, and
  // one conversation between the township and its anonymous reporter.
  for (const auto& v : d.at("portal_reports").as_array()) {
    const auto r = v.as_object();
    const long long t = ms_of(today - std::chrono::days{r.at("days_ago").to_number<long long>()}, 90);
    at(t, [&, r, t]() {
      PortalReportInput in;
      auto ch = s_.portal.portal_challenge();
      in.challenge = ch.challenge;
      const int bits = ch.bits;
      for (long long n = 0;; ++n) {
        auto digest = crypto::sha256(in.challenge + ":" + std::to_string(n));
        if (core::leading_zero_bits(reinterpret_cast<const unsigned char*>(digest.data()), digest.size()) >= bits) {
          in.nonce = std::to_string(n);
          break;
        }
      }
      in.county_id = county.id;
      std::optional<std::size_t> town;
      if (!r.at("township").is_null()) town = static_cast<std::size_t>(r.at("township").as_int64());
      if (town) in.township_id = towns[*town].unit.id;
      in.anonymous = r.at("anonymous").as_bool();
      if (!in.anonymous) {
        in.name = str(r.at("reporter").at("name"));
        in.phone = str(r.at("reporter").at("phone"));
      }
      in.persons = {{str(r.at("person")), str(r.at("unit")), str(r.at("post")), str(r.at("cadre_level"))}};
      in.category = str(r.at("category"));
      in.summary = str(r.at("summary"));
      in.content = str(r.at("content"));
      if (r.contains("happened")) in.happened = str(r.at("happened"));
      if (r.contains("place")) in.place = str(r.at("place"));
      auto res = s_.portal.portal_submit(in);
      const std::string code = res.receipt_code;
      const std::string pw = password ? *password : crypto::random_password();
      s_.portal.portal_set_password(code, res.password_token, pw);
      if (receipts) receipts->emplace_back(code, pw);
      const long long receipt = s_.portal.portal_receipt_of(s_.portal.portal_login(code, pw).token);
      const long long pid = s_.kernel.db().read([&](store::Tx& tx) { return store::find_receipt(tx, receipt)->petition_id; });
      // A reveal by the intake (audited, for the audit administrator's list)
      // and a recusal of a relative of the person named.
      if (r.contains("reveal"))
        s_.petitions.reveal_reporter(who(uid.at(str(r.at("reveal").at("by")))), pid, str(r.at("reveal").at("reason")));
      if (r.contains("recusal")) {
        const auto& rc = r.at("recusal").as_object();
        RecusalInput ri;
        ri.user_id = uid.at(str(rc.at("user")));
        ri.person_id = s_.kernel.db().read([&](store::Tx& tx) {
          long long id = 0;
          store::Query(tx).into(id).use(pid).run("SELECT person_id FROM petition_persons WHERE petition_id = :p");
          return id;
        });
        ri.relation = str(rc.at("relation"));
        ri.reason = str(rc.at("reason"));
        s_.recusals.add_recusal(who(uid.at(str(rc.at("by")))), ri);
      }
      if (!r.contains("question") || !town) return;
      const long long sec_id = towns[*town].staff.front();
      at(t + dayms, [&, r, t, receipt, pid, sec_id]() {
        s_.messages.send_petition_message(who(sec_id), pid, str(r.at("question")));
        at(t + 2 * dayms, [&, r, receipt]() { s_.portal.portal_post_message(receipt, str(r.at("answer"))); });
      });
    });
  }

  while (!events.empty()) {
    Event e = events.top();
    events.pop();
    store::set_clock(e.at);
    e.run();
  }
  return accounts;
}

std::vector<std::pair<std::string, std::string>> load_demo(Services& s, const std::optional<std::string>& password,
                                                           std::vector<std::pair<std::string, std::string>>* receipts) {
  return Demo{s}.run(password, receipts);
}

}  // namespace funnel::tools
