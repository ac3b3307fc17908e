// funnel gen: reference data at any scale for benchmarks (SY-10), from a
// fixed seed (same options → same records). Places, people and texts are
// combined from data/gen.json and data/demo.json and plainly invented.
// The history is generated in time order, registrations and the handling
// steps that follow them days later merged with the staff's logins, and
// loaded in batches through store::Load with every derived record the use
// cases would write (number, clock, steps, persons, search and duplicate
// indexes, sealed reporter, an audit record per action). One thread builds
// a batch while another writes the previous one.
#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <future>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string_view>
#include <tuple>

#include "tools/tools.hpp"
#include "app/case_execution.hpp"
#include "app/views.hpp"
#include "core/error.hpp"
#include "core/execution.hpp"
#include "core/sanction.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "search/minhash.hpp"
#include "store/audit_log_repo.hpp"
#include "store/bulk.hpp"
#include "store/case_execution_repo.hpp"
#include "store/cases_repo.hpp"
#include "store/clues_repo.hpp"
#include "store/load.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"
#include "store/portal_repo.hpp"
#include "store/query.hpp"
#include "store/users_repo.hpp"

namespace funnel::tools {

using namespace app;

namespace json = boost::json;
using core::PetitionAction;
using core::PetitionState;

namespace {

using Rng = std::mt19937_64;

std::string str(const json::value& v) { return std::string(v.as_string()); }

template <class V>
auto& pick(Rng& rng, V& v) {
  return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

std::vector<std::string> strings(const json::value& v) {
  std::vector<std::string> out;
  for (auto& x : v.as_array()) out.push_back(str(x));
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
  return s;
}

long long ms_at(core::Day d, long long minutes) {
  // From 09:00 Asia/Shanghai (01:00 UTC) on.
  return std::chrono::duration_cast<std::chrono::milliseconds>(d.time_since_epoch()).count() + (60 + minutes) * 60000;
}

// Shortest path of handling actions from registration to each state.
std::map<PetitionState, std::vector<PetitionAction>> paths_from_registration() {
  const PetitionAction allowed[] = {PetitionAction::Accept,     PetitionAction::Reject,       PetitionAction::TransferOut,
                                    PetitionAction::Assign,     PetitionAction::Acknowledge,  PetitionAction::Conclude,
                                    PetitionAction::GiveFeedback, PetitionAction::FollowUp, PetitionAction::Archive};
  std::map<PetitionState, std::vector<PetitionAction>> out{{PetitionState::Registered, {}}};
  std::vector<PetitionState> frontier{PetitionState::Registered};
  while (!frontier.empty()) {
    std::vector<PetitionState> next;
    for (auto s : frontier)
      for (auto a : allowed)
        if (auto to = core::next_state(s, a, false); to && !out.count(*to)) {
          out[*to] = out[s];
          out[*to].push_back(a);
          next.push_back(*to);
        }
    frontier = std::move(next);
  }
  return out;
}

struct Account {
  long long id = 0;
  std::string username, display_name, ip;
  long long org_id = 0;
  bool logs_in = true;  // the case handlers added with the cases never log in (the petition sets stay as they were)
};
struct Village {
  core::OrgUnit unit;
  std::vector<core::Person> cadres;
};
struct Township {
  core::OrgUnit unit;
  long long room = 0;  // the discipline room linked to it
  std::size_t staff = 0;  // its secretary's account
  std::size_t staff_b = 0;  // a second case handler (township_staff), for the investigation teams
  std::array<std::size_t, 2> triers{};  // two township cadres who try its cases (never its investigators)
  long long talk_room = 0;  // its interview room
  std::vector<Village> villages;
  std::vector<core::Person> cadres;
  struct Earlier {  // a text the township received, re-sent as a near-duplicate
    std::string summary, content, category;
    std::optional<std::string> subcategory, area;
    core::Person person;
  };
  std::vector<Earlier> recent;
};
struct County {
  core::OrgUnit unit, office, case_office;
  std::size_t office_staff = 0, case_staff = 0;  // accounts
  std::size_t leader = 0;  // the county leader, who records the county's approvals
  std::vector<core::OrgUnit> rooms;
  std::vector<std::array<std::size_t, 2>> room_staff;  // two cadres of each discipline room
  core::OrgUnit trial_office;                          // 审理室
  std::array<std::size_t, 2> trial_staff{};            // its two triers
  std::vector<long long> talk_rooms;  // the county's interview rooms
  std::vector<Township> towns;
};

// An audit record waiting for its time: a handling step happens days after
// the registration that schedules it, a logout hours after the login.
struct Event {
  long long at = 0, order = 0;
  std::size_t actor = 0;
  std::string_view action, entity;  // static texts
  long long entity_id = 0;
  std::string detail;
  bool operator>(const Event& o) const { return at != o.at ? at > o.at : order > o.order; }
};
constexpr const char* kAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 (generated)";

// A registration of the history: a petition or a clue, at a time of its day.
struct Arrival {
  core::Day day;
  int minute = 0;
  bool clue = false;
  int year = 0;
  bool kase = false;  // a case filed directly (a transfer, supervision, an assignment)
};

struct Gen {
  Services& s_;
  GenReport run(const GenOptions& o, const std::function<void(const std::string&)>& progress);
};

}  // namespace

GenReport Gen::run(const GenOptions& o, const std::function<void(const std::string&)>& progress) {
  const json::value gdoc = json::parse(read_file(s_.kernel.config().resource_dir / "gen.json"));
  const json::value ddoc = json::parse(read_file(s_.kernel.config().resource_dir / "demo.json"));
  const auto& g = gdoc.as_object();
  const auto& d = ddoc.as_object();

  // --- every check before the first write
  const auto& scales = g.at("scales").as_object();
  if (!scales.contains(o.scale)) throw invalid("scale", "未知的规模：应为 county 或 province");
  const auto& sc = scales.at(o.scale).as_object();
  const long long counties = o.counties.value_or(sc.at("counties").to_number<long long>());
  const long long petitions = o.petitions.value_or(sc.at("petitions").to_number<long long>());
  const long long clues = o.clues.value_or(sc.at("clues").to_number<long long>());
  const long long direct_cases = o.cases.value_or(sc.at("cases").to_number<long long>());
  if (counties < 1 || counties > 1000) throw invalid("counties", "县的数量应为 1–1000");
  if (petitions < 0 || petitions > 20'000'000) throw invalid("petitions", "信访件数量应为 0–20,000,000");
  if (clues < 0 || clues > 10'000'000) throw invalid("clues", "问题线索数量应为 0–10,000,000");
  if (direct_cases < 0 || direct_cases > 5'000'000) throw invalid("cases", "直接立案的案件数量应为 0–5,000,000");
  if (!(o.duplicate_share >= 0 && o.duplicate_share <= 0.5)) throw invalid("duplicate-share", "疑似重复件比例应为 0–0.5");
  auto admin_id = s_.kernel.db().read([](store::Tx& tx) { return store::find_user_by_name(tx, "admin"); });
  if (!admin_id) throw conflict("请先运行 funnel init");
  const long long orgs = s_.kernel.db().read([](store::Tx& tx) {
    long long n = 0;
    store::Query(tx).into(n).run("SELECT COUNT(*) FROM org_units");
    return n;
  });
  if (orgs > 0 && !o.force) throw conflict("数据库中已有数据：生成数据只写入新初始化的空库（--force 则在现有数据之外追加）");

  progress("generating " + o.scale + " reference data (GENERATED DATA, invented people): " + std::to_string(counties) +
           " counties, " + std::to_string(petitions) + " petitions, " + std::to_string(clues) + " clues, seed " +
           std::to_string(o.seed));
  const auto started = std::chrono::steady_clock::now();
  auto at = [&] {  // " (12.3 s)": the time since the start, for each progress line
    char buf[32];
    std::snprintf(buf, sizeof buf, " (%.1f s)",
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return std::string(buf);
  };
  Rng rng(o.seed);
  GenReport rep;
  const auto county_syl = strings(g.at("county_syllables"));
  const auto place_syl = strings(g.at("place_syllables"));
  const auto town_suffix = strings(g.at("township_suffixes"));
  const auto village_suffix = strings(g.at("village_suffixes"));
  const auto extra = strings(g.at("extra_sentences"));
  const auto repeat_prefix = strings(g.at("repeat_prefixes"));
  const auto surnames = strings(d.at("surnames"));
  const auto given = strings(d.at("given"));
  const auto escalation = strings(d.at("escalation_phrases"));
  std::vector<std::pair<std::string, std::string>> village_posts, township_posts;
  for (auto& v : d.at("village_posts").as_array()) village_posts.emplace_back(str(v.at(0)), str(v.at(1)));
  for (auto& v : d.at("township_posts").as_array()) township_posts.emplace_back(str(v.at(0)), str(v.at(1)));
  const auto& problems = d.at("problems").as_array();
  const int towns_per = static_cast<int>(g.at("townships_per_county").to_number<long long>());
  const int villages_per = static_cast<int>(g.at("villages_per_township").to_number<long long>());
  const double township_share = g.at("township_registered_share").to_number<double>();
  const double real_name_share = g.at("real_name_share").to_number<double>();
  const double login_share = g.at("login_share").to_number<double>();
  const double logout_share = g.at("logout_share").to_number<double>();
  auto name = [&] { return pick(rng, surnames) + pick(rng, given); };
  // Everything of the cases draws from its own generator: the petitions and
  // clues of a seed stay what they were before cases were generated.
  Rng crng(o.seed ^ 0x9e3779b97f4a7c15ULL);
  auto place = [&] { return pick(rng, place_syl) + pick(rng, place_syl); };

  // --- staff accounts: a county's petition office and case supervision, a
  // secretary per township. The first county's are gen_county, gen_case and
  // gen_township (its first township); the others gen_c<county>_office,
  // _case and _t<township>. With a password all share it; without, the
  // first three get one-time passwords and the others one nobody is shown.
  const Actor admin = s_.auth.actor_for(admin_id->id);
  const std::string shared_hash = crypto::hash_password(o.password.value_or(crypto::random_password()));
  std::vector<Account> staff;
  auto account = [&](store::Tx& tx, const std::string& username, const std::string& role, long long unit,
                     bool logs_in = true) {
    Account acc;
    acc.username = username;
    acc.org_id = unit;
    acc.logs_in = logs_in;
    acc.ip = "10." + std::to_string(staff.size() / 65536 % 256) + "." + std::to_string(staff.size() / 256 % 256) + "." +
             std::to_string(staff.size() % 256);
    if (auto found = store::find_user_by_name(tx, username)) {  // --force on a database that has it
      acc.id = found->id;
      acc.display_name = found->display_name;
    } else {
      core::User u;
      u.username = username;
      u.display_name = acc.display_name = (logs_in ? name() : pick(crng, surnames) + pick(crng, given)) + "（生成）";
      u.role = role;
      u.org_unit_id = unit;
      u.data_scope = std::string(core::kDataScopes.code(core::default_scope(*core::kRoles.parse(role))));
      u.status = "active";
      std::string pw;
      const bool named = username.find("_c") == std::string::npos;
      if (named && !o.password) pw = crypto::random_password();
      u.password_hash = pw.empty() ? shared_hash : crypto::hash_password(pw);
      u.must_change_password = o.password ? 0 : 1;
      u.id = acc.id = store::insert_user(tx, u);
      s_.kernel.audit(tx, &admin, "create", "user", u.id, {{"after", to_json(*store::find_user(tx, u.id))}});
      if (named) rep.accounts.emplace_back(username, pw);
    }
    staff.push_back(acc);
    return staff.size() - 1;
  };

  // --- organisations (one transaction per county) and their cadres
  auto add_org = [](store::Tx& tx, core::OrgUnit o) {
    o.id = store::insert_org(tx, o);
    if (o.kind == "county") o.county_id = o.id;
    if (o.kind == "township") o.township_id = o.id;
    if (o.kind == "county" || o.kind == "township") store::update_org(tx, o);
    return o;
  };
  auto cadre = [&](long long county_id, const std::string& unit, std::optional<long long> unit_org,
                   const std::pair<std::string, std::string>& post) {
    core::Person p;
    p.county_id = county_id;
    p.name = name();
    p.unit_name = unit;
    p.post = post.first;
    p.unit_org_id = unit_org;
    p.cadre_level = post.second;
    p.party_member = 1;
    p.public_official = post.second == "village_cadre" ? 0 : 1;
    return p;
  };
  std::vector<County> cs;
  // Short names prefix the petition numbers (成纪信〔2026〕0001号), which are
  // unique: a name already taken gets a number appended.
  std::set<std::string> shorts = s_.kernel.db().read([](store::Tx& tx) {
    std::set<std::string> out;
    std::string s;
    store::Query q(tx);
    q.into(s).run("SELECT short_name FROM org_units WHERE kind IN ('county', 'township')", false);
    while (q.fetch()) out.insert(s);
    return out;
  });
  auto unique_short = [&](std::string s) {
    for (int n = 2; !shorts.insert(s).second; ++n) s = s.substr(0, s.find_first_of("0123456789")) + std::to_string(n);
    return s;
  };
  for (long long ci = 0; ci < counties; ++ci) {
    County c;
    s_.kernel.db().write([&](store::Tx& tx) {
      const std::string stem = pick(rng, county_syl) + pick(rng, county_syl);
      core::OrgUnit u;
      u.kind = u.category = "county";
      u.name = stem + "县纪委监委（生成）";
      u.short_name = unique_short(stem + "纪");
      c.unit = add_org(tx, u);
      core::OrgUnit off;
      off.kind = "department";
      off.category = "petition_office";
      off.name = "信访室";
      off.short_name = "信访";
      off.parent_id = off.county_id = c.unit.id;
      c.office = add_org(tx, off);
      core::OrgUnit cso = off;
      cso.category = "case_supervision";
      cso.name = "案件监督管理室";
      cso.short_name = "案管";
      c.case_office = add_org(tx, cso);
      // Two discipline rooms, each guiding half of the townships.
      for (int ri = 0; ri < 2; ++ri) {
        core::OrgUnit room = off;
        room.category = "discipline_room";
        room.name = ri == 0 ? "第一纪检监察室" : "第二纪检监察室";
        room.short_name = ri == 0 ? "一室" : "二室";
        c.rooms.push_back(add_org(tx, room));
      }
      const std::string prefix = "gen_c" + std::to_string(ci + 1);
      c.office_staff = account(tx, ci == 0 ? "gen_county" : prefix + "_office", "petition_office", c.office.id);
      c.case_staff = account(tx, ci == 0 ? "gen_case" : prefix + "_case", "case_supervision", c.case_office.id);
      for (int ti = 0; ti < towns_per; ++ti) {
        Township t;
        core::OrgUnit tu;
        tu.kind = "township";
        const std::string suffix = pick(rng, town_suffix);
        tu.category = suffix == "街道" ? "subdistrict" : "town";
        tu.name = place() + suffix;
        tu.short_name = unique_short(tu.name.substr(0, 6));
        tu.parent_id = tu.county_id = c.unit.id;
        t.unit = add_org(tx, tu);
        t.staff = account(tx, ci == 0 && ti == 0 ? "gen_township" : prefix + "_t" + std::to_string(ti + 1),
                          "township_secretary", t.unit.id);
        for (auto& post : township_posts) t.cadres.push_back(cadre(c.unit.id, t.unit.name, t.unit.id, post));
        for (int vi = 0; vi < villages_per; ++vi) {
          Village v;
          core::OrgUnit vu;
          vu.kind = "village";
          const std::string vs = pick(rng, village_suffix);
          vu.category = vs == "社区" ? "community" : "village";
          vu.name = place() + vs;
          vu.short_name = vu.name;
          vu.parent_id = t.unit.id;
          vu.county_id = c.unit.id;
          vu.township_id = t.unit.id;
          v.unit = add_org(tx, vu);
          for (auto& post : village_posts)
            v.cadres.push_back(cadre(c.unit.id, v.unit.name + (vs == "社区" ? "居委会" : "村委会"), v.unit.id, post));
          t.villages.push_back(std::move(v));
          ++rep.villages;
        }
        t.room = c.rooms[static_cast<std::size_t>(ti % 2)].id;
        c.towns.push_back(std::move(t));
        ++rep.townships;
      }
      for (std::size_t ri = 0; ri < c.rooms.size(); ++ri) {
        std::vector<long long> linked;
        for (auto& t : c.towns)
          if (t.room == c.rooms[ri].id) linked.push_back(t.unit.id);
        store::set_linked_townships(tx, c.rooms[ri].id, c.unit.id, linked);
      }
    });
    cs.push_back(std::move(c));
  }
  // The case handlers and the interview rooms, after the organisations so
  // that those stay as they were: two cadres per discipline room, a second
  // township cadre, the county leader; two county rooms and one per township.
  for (std::size_t ci = 0; ci < cs.size(); ++ci) {
    County& c = cs[ci];
    s_.kernel.db().write([&](store::Tx& tx) {
      const std::string prefix = "gen_c" + std::to_string(ci + 1);
      c.leader = account(tx, prefix + "_leader", "county_leader", c.unit.id, false);
      core::OrgUnit trial = c.office;
      trial.id = 0;
      trial.category = "trial_office";
      trial.name = "案件审理室";
      trial.short_name = "审理";
      c.trial_office = add_org(tx, trial);
      c.trial_staff = {account(tx, prefix + "_trial_a", "trial_office", c.trial_office.id, false),
                       account(tx, prefix + "_trial_b", "trial_office", c.trial_office.id, false)};
      for (std::size_t ri = 0; ri < c.rooms.size(); ++ri)
        c.room_staff.push_back({account(tx, prefix + "_r" + std::to_string(ri + 1) + "a", "discipline_room",
                                        c.rooms[ri].id, false),
                                account(tx, prefix + "_r" + std::to_string(ri + 1) + "b", "discipline_room",
                                        c.rooms[ri].id, false)});
      auto room = [&](long long org, std::optional<long long> township, const std::string& room_name,
                      const std::string& place_name) {
        store::InterviewRoom r;
        r.county_id = c.unit.id;
        r.org_unit_id = org;
        r.township_id = township;
        r.name = room_name;
        r.place = place_name;
        return store::insert_interview_room(tx, r);
      };
      for (int k = 1; k <= 2; ++k)
        c.talk_rooms.push_back(room(c.case_office.id, std::nullopt, "第" + std::string(k == 1 ? "一" : "二") + "谈话室",
                                    "县纪委监委办案点" + std::to_string(k) + "楼"));
      for (std::size_t ti = 0; ti < c.towns.size(); ++ti) {
        Township& t = c.towns[ti];
        t.staff_b = account(tx, prefix + "_t" + std::to_string(ti + 1) + "b", "township_staff", t.unit.id, false);
        for (std::size_t n = 0; n < 2; ++n)
          t.triers[n] = account(tx, prefix + "_t" + std::to_string(ti + 1) + (n == 0 ? "c" : "d"), "township_staff",
                                t.unit.id, false);
        t.talk_room = room(t.unit.id, t.unit.id, "谈话室", t.unit.name + "纪委");
      }
    });
  }
  rep.counties = counties;
  progress("organisations: " + std::to_string(rep.counties) + " counties, " + std::to_string(rep.townships) +
           " townships, " + std::to_string(rep.villages) + " villages, " + std::to_string(staff.size()) +
           " staff accounts" + at());

  // --- the history, 2017 to today, in time order
  const auto paths = paths_from_registration();
  // The last day whose working hours (09:00–17:00 in China) are over: no
  // generated step, login or logout lies in the future.
  const core::Day today = core::day_of_ms(store::now_ms() - 17 * 3600000LL);
  const int first_year = static_cast<int>(g.at("first_year").to_number<long long>());
  const int this_year = static_cast<int>(std::chrono::year_month_day{today}.year());
  std::vector<double> weights;
  for (int y = first_year; y <= this_year; ++y) {
    const auto& w = g.at("year_weights").as_array();
    std::size_t i = static_cast<std::size_t>(y - first_year);
    weights.push_back(i < w.size() ? w[i].to_number<double>() : w.back().to_number<double>());
  }
  std::discrete_distribution<int> year_of(weights.begin(), weights.end());
  std::vector<long long> petitions_in(weights.size(), 0), clues_in(weights.size(), 0), cases_in(weights.size(), 0);
  for (long long i = 0; i < petitions; ++i) ++petitions_in[static_cast<std::size_t>(year_of(rng))];
  for (long long i = 0; i < clues; ++i) ++clues_in[static_cast<std::size_t>(year_of(rng))];
  for (long long i = 0; i < direct_cases; ++i) ++cases_in[static_cast<std::size_t>(year_of(crng))];
  std::map<std::pair<long long, std::string>, long long> person_ids;  // (county, name|unit) → id
  std::uniform_real_distribution<double> u01(0, 1);
  auto between = [&](long long lo, long long hi) { return std::uniform_int_distribution<long long>(lo, hi)(rng); };
  const std::string reporter_ad = "petitions.reporter:";
  const char* kSources[] = {"supervision",    "inspection",    "audit", "higher_assigned",
                            "organ_transfer", "found_in_case", "other"};
  const auto backend = s_.kernel.db().backend();
  store::IdSource petition_ids(s_.kernel.db(), "petitions"), clue_ids(s_.kernel.db(), "clues"), person_ids_source(s_.kernel.db(), "persons");
  std::map<std::tuple<long long, int, bool>, long long> numbers;  // (org, year, clue?) → last seq
  constexpr std::size_t kBatch = 20000;  // arrivals per batch (one transaction, one FTS5 segment)

  // The audit chain goes on from the head; events wait in time order.
  store::AuditHead chain = s_.kernel.db().read([](store::Tx& tx) { return store::read_audit_head(tx); });
  std::vector<Event> waiting;  // a min-heap on (at, order)
  long long event_order = 0;
  auto schedule = [&](long long at, std::size_t actor, std::string_view action, std::string_view entity, long long id,
                      std::string detail) {
    waiting.push_back(Event{at, event_order++, actor, action, entity, id, std::move(detail)});
    std::push_heap(waiting.begin(), waiting.end(), std::greater<>());
  };
  long long audit_rows = 0, logins = 0;
  auto release = [&](store::Load& load, long long until) {
    while (!waiting.empty() && waiting.front().at <= until) {
      std::pop_heap(waiting.begin(), waiting.end(), std::greater<>());
      Event e = std::move(waiting.back());
      waiting.pop_back();
      const Account& who = staff[e.actor];
      core::AuditRecord r;
      r.seq = chain.last_seq + 1;
      r.at_ms = e.at;
      r.actor_id = who.id;
      r.actor_name = who.username;
      r.ip = who.ip;
      r.action = e.action;
      r.entity = e.entity;
      r.entity_id = e.entity_id;
      r.detail = std::move(e.detail);
      r.prev_hash = std::move(chain.last_hash);
      r.hash = s_.kernel.keys().chain_hash(core::audit_canonical(r));
      if (e.action == "login") {
        core::LoginAttempt a;
        a.at = r.at_ms;
        a.username = who.username;
        a.user_id = who.id;
        a.ip = who.ip;
        a.user_agent = kAgent;
        a.success = 1;
        a.reason = "ok";
        load.login_attempt(a);
        ++logins;
      }
      chain.last_seq = r.seq;
      chain.last_hash = r.hash;
      load.audit(std::move(r));
      ++audit_rows;
    }
  };
  // Each working day some of the staff log in (before nine) and some log out.
  core::Day logins_done = core::Day{std::chrono::year{first_year} / 1 / 1} - std::chrono::days{1};
  auto staff_days_until = [&](core::Day day) {
    for (; logins_done < day;) {
      logins_done += std::chrono::days{1};
      if (!s_.kernel.calendar().is_working_day(logins_done)) continue;
      for (std::size_t s = 0; s < staff.size(); ++s) {
        if (!staff[s].logs_in || u01(rng) >= login_share) continue;
        const long long in = ms_at(logins_done, -between(5, 55));
        schedule(in, s, "login", "session", 0, "{}");
        if (u01(rng) < logout_share) schedule(in + between(60, 480) * 60000, s, "logout", "session", 0, "{}");
      }
    }
  };

  // Where an arrival happens: a county, one of its townships and a village.
  struct Place {
    County& c;
    Township& t;
    Village& v;
  };
  auto draw_place = [&]() -> Place {
    County& c = cs[std::uniform_int_distribution<std::size_t>(0, cs.size() - 1)(rng)];
    Township& t = pick(rng, c.towns);
    return {c, t, pick(rng, t.villages)};  // braced: evaluated left to right
  };
  // A problem template filled in for one person; the amount is drawn here.
  auto fill = [&](std::string x, const std::string& where, const core::Person& who, int year) {
    x = replace_all(x, "{village}", where);
    x = replace_all(x, "{post}", who.post.value_or(""));
    x = replace_all(x, "{name}", who.name);
    x = replace_all(x, "{year}", std::to_string(year));
    return replace_all(x, "{amount}", std::to_string(1000 * (1 + static_cast<int>(u01(rng) * 200))));
  };
  // A reported person's registry id, once per county; the row is added on first sight.
  auto person_id = [&](store::Load& load, const County& c, core::Person who, long long now) {
    const auto key = std::make_pair(c.unit.id, who.name + "|" + who.unit_name);
    auto it = person_ids.find(key);
    if (it == person_ids.end()) {
      who.id = person_ids_source.next();
      load.person(who, now);
      it = person_ids.emplace(key, who.id).first;
    }
    return it->second;
  };

  // --- cases (Cases I): one person's case, filed from a clue whose
  // verification proposed filing or directly with its source, standing
  // where its age puts it, with the steps, approvals, number, team,
  // measures, room bookings, extensions, documents' metadata and clock
  // the use cases would have written.
  store::IdSource case_ids(s_.kernel.db(), "cases"), measure_ids(s_.kernel.db(), "case_measures"),
      booking_ids(s_.kernel.db(), "interview_bookings");
  std::map<std::pair<long long, int>, long long> case_numbers;                  // (org, year) → last seq
  std::map<std::tuple<long long, std::string, int>, long long> doc_numbers;     // (org, kind, year) → last seq
  std::map<std::pair<long long, long long>, int> room_slots;                    // (room, day) → bookings
  std::map<std::string, std::string> doc_prefix;                                // kind → 文号 prefix
  {
    const json::value docs = json::parse(read_file(s_.kernel.config().resource_dir / "documents.json"));
    for (auto& k : docs.at("kinds").as_array())
      if (k.as_object().contains("prefix") && k.at("prefix").is_string()) doc_prefix[str(k.at("code"))] = str(k.at("prefix"));
  }
  auto cbetween = [&](long long lo, long long hi) { return std::uniform_int_distribution<long long>(lo, hi)(crng); };
  auto c01 = [&] { return std::uniform_real_distribution<double>(0, 1)(crng); };
  auto limit_of = [&](std::string_view code) {
    const auto* l = s_.kernel.find_time_limit(code);
    if (!l) throw std::runtime_error("gen: time limit " + std::string(code) + " missing from data/time-limits.json");
    return *l;
  };
  using CS = core::CaseState;
  using CA = core::CaseAction;
  struct CaseOrigin {
    std::string source;
    std::optional<long long> clue_id;
    std::optional<std::string> organ, ref;
  };
  // The decision of a tried case: outcomes by the person and the case as a
  // county decides them, each by the lowest organ with the power
  // (data/approval-powers.json), its influence periods and its execution
  // tasks; most tasks past their day were done (some late); of those due
  // within the last year about one in ten is still open: 打白条 on the tracker.
  const auto& rules = s_.kernel.sanction_rules();
  const auto& powers = s_.kernel.approval_powers();
  auto decide = [&](store::Load& load, const County& c, const core::Case& k, bool township, std::size_t executor,
                    core::Day day) {
    using O = core::Outcome;
    std::vector<core::DecidedOutcome> outs;
    const bool crime = k.violations.find(core::kViolations.code(core::Violation::DutyCrime)) != std::string::npos;
    const double r = c01();
    if (k.party_member) {
      if (crime) outs = {{O::PartyExpulsion, std::nullopt, 0}};
      else if (township || r < 0.55) outs = {{r < 0.6 ? O::PartyWarning : O::PartySeriousWarning, std::nullopt, 0}};
      else if (r < 0.75) outs = {{O::RemovalFromPartyPosts, std::nullopt, 0}};
      else if (r < 0.93) outs = {{O::PartyProbation, static_cast<int>(cbetween(1, 2)), 0}};
      else outs = {{O::PartyExpulsion, std::nullopt, 0}};
    }
    if (k.supervised_category && (!k.party_member || crime || (!township && c01() < 0.5))) {
      static constexpr O kGov[] = {O::GovWarning, O::GovDemerit, O::GovMajorDemerit};
      outs.push_back({crime ? O::GovExpulsion : kGov[cbetween(0, 2)], std::nullopt, 0});
    }
    if (crime) outs.push_back({O::JudicialTransfer, std::nullopt, 0});
    if (outs.empty()) outs = {{O::CriticismEducation, std::nullopt, 0}};
    const bool simple = township;
    core::PowerQuery q;
    q.party_member = k.party_member != 0;
    if (k.supervised_category) q.category = core::kSupervisedCategories.parse(*k.supervised_category);
    q.simple_case = simple;
    const std::string ref = (township ? "乡纪发〔" : "成纪发〔") +
                            std::to_string(static_cast<int>(std::chrono::year_month_day{day}.year())) + "〕" +
                            std::to_string(k.id % 997 + 1) + "号";
    std::vector<core::Outcome> codes;
    std::vector<core::InfluencePeriod> periods;
    for (auto& d : outs) {
      q.outcomes = {d.outcome};
      std::optional<core::DecidingOrgan> organ;
      for (auto o : {core::DecidingOrgan::TownshipCommission, core::DecidingOrgan::TownshipPartyCommittee,
                     core::DecidingOrgan::CountyCommission, core::DecidingOrgan::CountySupervision,
                     core::DecidingOrgan::CountyPartyCommittee})
        if ((township || !core::township_organ(o)) && !core::organ_power_problem(powers, o, q)) {
          organ = o;
          break;
        }
      if (!organ || core::outcome_fit_problem(powers, q)) continue;  // none may: not decided so
      const auto p = core::influence_period(rules, d, day);
      const auto& rule = rules.of(d.outcome);
      core::CaseDecision row;
      row.case_id = k.id;
      row.outcome = std::string(core::kOutcomes.code(d.outcome));
      if (rule.period) {
        row.period_amount = d.amount.value_or(rule.period->amounts.empty() ? rule.period->up_to : rule.period->amounts.front());
        row.period_unit = rule.period->unit == core::LimitUnit::Years ? "years" : "months";
      }
      row.deciding_organ = std::string(core::kDecidingOrgans.code(*organ));
      row.decided_day = core::format_day(day);
      row.decision_ref = ref;
      if (p.period_end) row.period_end_day = core::format_day(*p.period_end);
      if (p.end) row.influence_until = core::format_day(*p.end);
      row.simple_case = simple ? 1 : 0;
      row.recorded_by = staff[township ? executor : c.leader].id;
      row.at = ms_at(day, 200);
      load.case_decision(row);
      codes.push_back(d.outcome);
      periods.push_back(p);
    }
    std::optional<core::Day> until;
    if (auto l = core::longest_effect(periods)) until = l->end;
    const bool recovery = !township && c01() < 0.15;
    const auto planned = core::plan_execution({codes, day, until, recovery}, s_.kernel.calendar(),
                                              [&](std::string_view code) { return s_.kernel.find_time_limit(code); });
    const std::optional<long long> amount = recovery ? std::optional(cbetween(20, 400) * 500) : std::nullopt;
    for (auto& pt : planned) {
      auto x = app::execution_task_row(k, pt, day, ref, amount);
      x.created_at = ms_at(day, 210);
      std::optional<core::Day> done;
      const long long span = (pt.due - day).count();
      if (pt.due < today) {
        const double f = c01();
        // Tasks more than a year past their day were nearly all done by now.
        const bool old = (today - pt.due).count() > 365;
        if (f < 0.78) done = day + std::chrono::days{cbetween(1, std::max<long long>(1, span))};
        else if (f < (old ? 0.995 : 0.90)) done = pt.due + std::chrono::days{cbetween(1, 40)};  // late
      } else if (c01() < 0.3) {
        done = day + std::chrono::days{cbetween(1, std::max<long long>(1, (today - day).count()))};
      }
      if (done && *done > today) done = today;
      if (done) {
        json::array ev;
        for (auto e : core::execution_rule(pt.kind).evidence)
          ev.push_back(json::object{{"kind", core::kExecutionEvidence.code(e)}, {"ref", "（生成）" + core::format_day(*done)}});
        x.closed_on = core::format_day(*done);
        x.evidence = json::serialize(ev);
        x.closed_by = staff[executor].id;
        x.closed_at = ms_at(*done, 240);
      }
      load.execution_task(x);
      ++rep.execution_tasks;
      if (!done && pt.due < today) ++rep.execution_overdue;
    }
  };

  auto add_case = [&](store::Load& load, County& c, Township& t, const core::Person& who, long long person,
                      core::DispatchMode mode, const CaseOrigin& origin, core::Day requested, long long created) {
    if (requested > today) return;
    const bool township = mode == core::DispatchMode::Township;
    const std::size_t ri = t.room == c.rooms[0].id ? 0 : 1;
    const std::size_t requester = township ? t.staff : c.room_staff[ri][0];
    std::vector<std::size_t> team = township ? std::vector<std::size_t>{t.staff, t.staff_b}
                                             : std::vector<std::size_t>{c.room_staff[ri][0], c.room_staff[ri][1]};
    if (mode == core::DispatchMode::Joint) team.push_back(t.staff);
    const auto& own_org = township ? t.unit : c.unit;

    core::Case k;
    k.id = case_ids.next();
    k.county_id = c.unit.id;
    k.township_id = t.unit.id;
    k.lead_org_id = township ? t.unit.id : t.room;
    if (mode == core::DispatchMode::Joint) k.assist_org_id = t.unit.id;
    k.mode = std::string(core::kDispatchModes.code(mode));
    k.source = origin.source;
    k.clue_id = origin.clue_id;
    k.source_organ = origin.organ;
    k.source_ref = origin.ref;
    k.person_id = person;
    k.cadre_level = who.cadre_level;
    k.party_member = who.party_member;
    k.public_official = who.public_official;
    // 公职人员 are 监察对象 (civil servants); village cadres are (基层群众性自治组织) when the case is about their public duty.
    if (who.public_official)
      k.supervised_category = std::string(core::kSupervisedCategories.code(core::SupervisedCategory::CivilServant));
    else if (c01() < 0.6)
      k.supervised_category = std::string(core::kSupervisedCategories.code(core::SupervisedCategory::GrassrootsAutonomy));
    const auto regime = *core::regime_of(who.party_member != 0,
                                         k.supervised_category ? core::kSupervisedCategories.parse(*k.supervised_category)
                                                               : std::nullopt);
    k.regime = std::string(core::kRegimes.code(regime));
    // 案由: the party disciplines; a county case about a 监察对象 may add 职务违法 or 职务犯罪.
    static constexpr core::Violation kDisciplines[] = {core::Violation::Integrity, core::Violation::Mass,
                                                       core::Violation::Work,      core::Violation::Integrity,
                                                       core::Violation::Organisational, core::Violation::Life};
    std::vector<core::Violation> vs{kDisciplines[cbetween(0, 5)]};
    if (c01() < 0.3 && vs[0] != core::Violation::Work) vs.push_back(core::Violation::Work);
    if (!township && core::supervision_side(regime)) {
      const double v = c01();
      if (v < 0.12) vs.push_back(core::Violation::DutyCrime);
      else if (v < 0.5) vs.push_back(core::Violation::DutyIllegality);
    }
    for (std::size_t i = 0; i < vs.size(); ++i) k.violations += (i ? "," : "") + std::string(core::kViolations.code(vs[i]));
    const bool serious = std::find(vs.begin(), vs.end(), core::Violation::DutyCrime) != vs.end() ||
                         std::find(vs.begin(), vs.end(), core::Violation::DutyIllegality) != vs.end();
    k.summary = who.unit_name + who.post.value_or("") + who.name + "涉嫌违纪违法问题（生成）";
    k.number_org_id = own_org.id;
    k.year = static_cast<int>(std::chrono::year_month_day{requested}.year());
    k.requested_by = staff[requester].id;
    k.created_at = created;

    // Where it stands today, by its age.
    const long long age = (today - requested).count();
    const double r = c01();
    // The investigation's own length decides the rest (below).
    CS target = age < 6                ? CS::FilingRequested
                : r < 0.03             ? CS::FilingRefused
                : age < 25 && r < 0.5  ? CS::Filed
                                       : CS::Investigating;
    const auto limit = limit_of(core::investigation_limit(regime));
    const auto ext_limit = limit_of(core::investigation_extension_limit(regime));
    const auto trial_limit = limit_of(core::kTrialLimit);
    const auto trial_ext = limit_of(core::kTrialExtensionLimit);
    const bool party_only = !core::supervision_side(regime);

    // The steps in time order; each names its actor and day.
    struct Step {
      CA action;
      core::Day day;
      std::size_t by;
      bool last_approval = true;
      std::optional<std::string> reason;
    };
    std::vector<Step> steps;
    auto push = [&](CA a, core::Day d, std::size_t by, bool last = true, std::optional<std::string> reason = {}) {
      steps.push_back(Step{a, d, by, last, std::move(reason)});
    };
    core::Day day = requested;
    auto later = [&](int lo, int hi) { return day = std::min(today, day + std::chrono::days{cbetween(lo, hi)}); };
    auto approvals = [&](CA a, const std::vector<core::Approver>& chain, int upto) {
      for (int i = 0; i < upto; ++i) {
        const auto who_records = core::recorder(chain[static_cast<std::size_t>(i)]);
        const std::size_t by = who_records == core::Role::TownshipSecretary ? t.staff
                               : who_records == core::Role::DisciplineRoom  ? c.room_staff[ri][0]
                                                                            : c.leader;
        push(a, later(0, 2), by, i + 1 == static_cast<int>(chain.size()));
      }
    };
    // The trial (审理, SL 194): most were accepted within a week and reported
    // within the month; the recent ones wait for receipt or are in trial,
    // some were returned for a supplementary investigation, a few run past
    // the limit (the warnings show them). The township tries its own cases.
    const std::size_t trier = township ? t.staff : c.trial_staff[0];
    const std::vector<std::size_t> triers = township ? std::vector<std::size_t>{t.triers[0], t.triers[1]}
                                                     : std::vector<std::size_t>{c.trial_staff[0], c.trial_staff[1]};
    auto trial = [&] {
      if ((today - day).count() < 3 && c01() < 0.6) return;  // not yet received
      if (c01() < 0.05) push(CA::DeferTrial, later(0, 2), trier, true, std::string("缺少被审查调查人的陈述材料"));
      push(CA::AcceptTrial, later(1, 6), trier);
      if (c01() < 0.12) {
        push(CA::ReturnSupplementary, later(3, 10), trier, true, std::string("部分事实需补充证据"));
        if ((today - day).count() < 20 && c01() < 0.6) return;  // the supplement is still out
        push(CA::ResubmitSupplementary, later(5, 20), requester);
      }
      const long long runs = c01() < 0.1 ? cbetween(32, 60) : cbetween(8, 30);
      if ((today - day).count() < runs) return;  // still in trial
      day += std::chrono::days{runs};
      push(CA::ReportTrial, day, trier);
      // The decision (处分决定) a few days to three weeks after the report, a
      // fifth one to two months (those the county reviews or approves),
      // recorded by the township secretary or the county leader; the recent ones still wait.
      const long long waits = c01() < 0.2 ? cbetween(20, 60) : cbetween(3, 21);
      if ((today - day).count() < waits) return;
      day += std::chrono::days{waits};
      push(CA::Decide, day, township ? t.staff : c.leader);
    };
    const auto& filing_chain = s_.kernel.case_approvals().filing.at(mode).approvers;
    const auto& transfer_chain = s_.kernel.case_approvals().transfer.at(mode).approvers;
    if (target == CS::FilingRequested) {
      approvals(CA::ApproveFiling, filing_chain,
                static_cast<int>(cbetween(0, static_cast<long long>(filing_chain.size()) - 1)));
      for (auto& st : steps) st.last_approval = false;
    } else if (target == CS::FilingRefused) {
      push(CA::RefuseFiling, later(1, 4), township ? t.staff : c.room_staff[ri][0], true,
                       std::string("现有证据不足以认定违纪违法事实"));
    } else {
      approvals(CA::ApproveFiling, filing_chain, static_cast<int>(filing_chain.size()));
    }
    const std::optional<core::Day> filed =
        target == CS::FilingRequested || target == CS::FilingRefused ? std::nullopt : std::optional(day);
    std::vector<core::CaseMeasure> measures;
    std::vector<core::CaseExtension> extensions;
    std::vector<core::Day> talks;  // the talks' days: each gets a room booking
    if (filed && target != CS::Filed) {
      const core::Day start = later(1, 7);
      push(CA::StartInvestigation, start, requester);
      // How long it runs: most end within the limit, some extended once, a
      // few run past it (the warnings show them). Still running today: under
      // investigation, or a few with the transfer requested; else transferred
      // to trial, or dismissed.
      const long long limit_days = party_only ? 90 : 365;
      const bool extended = c01() < 0.15;
      const long long ext_days = party_only ? 90 : 183;
      const long long runs =
          extended ? cbetween(limit_days - 5, limit_days + ext_days - 10) : cbetween(20, limit_days + 10);
      const double fate = c01();
      core::Day end = start + std::chrono::days{runs};
      if (end < today) {
        target = fate < 0.06 ? CS::Dismissed : CS::TransferredToTrial;
      } else {
        end = today;
        if (fate < 0.1 && (today - start).count() > 25) {
          target = CS::TransferRequested;
          end = today - std::chrono::days{cbetween(0, 5)};
        }
      }
      // Measures on days between the start and the end.
      std::vector<core::Measure> kinds{core::Measure::Talk, core::Measure::Inquiry, core::Measure::Retrieve,
                                       core::Measure::Talk, core::Measure::Query, core::Measure::Seize};
      if (serious && c01() < 0.15) kinds.push_back(core::Measure::Detention);
      const long long span = std::max<long long>(0, (end - start).count());
      std::vector<std::pair<core::Day, core::Measure>> planned;
      for (int n = static_cast<int>(cbetween(1, 4)); n > 0; --n) {
        const auto m = kinds[static_cast<std::size_t>(cbetween(0, static_cast<long long>(kinds.size()) - 1))];
        const auto approver = core::measure_approver(m, mode);
        if (!approver || (core::measure_rule(m).supervision_only && party_only)) continue;
        planned.emplace_back(start + std::chrono::days{cbetween(0, span)}, m);
      }
      if (serious && !township && core::supervision_side(regime) && c01() < 0.08 && span > 10)
        planned.emplace_back(start + std::chrono::days{cbetween(0, std::min<long long>(span, 30))},
                             core::Measure::Detention);
      std::sort(planned.begin(), planned.end());
      for (auto& [mday, m] : planned) {
        core::CaseMeasure cm;
        cm.id = measure_ids.next();
        cm.case_id = k.id;
        cm.measure = std::string(core::kMeasures.code(m));
        cm.day = core::format_day(mday);
        const auto approver = *core::measure_approver(m, mode);
        cm.approved_by = std::string(core::kApprovers.code(approver));
        if (core::outside_platform(approver))
          cm.approval_ref = own_org.short_name + "批〔" + std::to_string(static_cast<int>(std::chrono::year_month_day{mday}.year())) + "〕" +
                            std::to_string(cbetween(1, 300)) + "号";
        for (auto i : team) cm.people.push_back(staff[i].id);
        cm.people.resize(2);
        cm.recorded_by = staff[requester].id;
        cm.at = ms_at(mday, 120 + cbetween(0, 300));
        if (m == core::Measure::Detention) {
          cm.started_at = ms_at(mday, 60);
          cm.notified_at = *cm.started_at + cbetween(1, 20) * 3600000LL;
          // Released after up to 3 months, or still held today (within its limit).
          const auto released = mday + std::chrono::days{cbetween(15, 88)};
          if (released <= end) cm.ended_day = core::format_day(released);
          else if ((today - mday).count() > 88) cm.ended_day = core::format_day(mday + std::chrono::days{88});
        }
        if (core::measure_rule(m).property && mday + std::chrono::days{30} <= end) {
          cm.ended_day = core::format_day(mday + std::chrono::days{cbetween(10, 30)});
          cm.returned_day = core::format_day(*core::parse_day(*cm.ended_day) + std::chrono::days{cbetween(0, 3)});
        }
        if (m == core::Measure::Talk) talks.push_back(mday);
        measures.push_back(cm);
        push(CA::RecordMeasure, mday, requester);
      }
      if (extended && (end - start).count() > limit_days - 10) {
        core::CaseExtension e;
        e.case_id = k.id;
        e.limit_code = std::string(core::investigation_extension_limit(regime));
        const core::Day decided = start + std::chrono::days{limit_days - 10};
        e.decided_day = core::format_day(decided);
        e.amount = party_only ? static_cast<int>(cbetween(30, 90)) : static_cast<int>(cbetween(2, 6));
        e.approved = 1;
        e.approved_by = std::string(core::kApprovers.code(core::higher_approver(mode)));
        e.approval_ref = (township ? c.unit.short_name : std::string("市纪")) + "复〔" +
                         std::to_string(static_cast<int>(std::chrono::year_month_day{decided}.year())) + "〕" +
                         std::to_string(cbetween(1, 200)) + "号";
        e.recorded_by = staff[c.case_staff].id;
        e.at = ms_at(decided, 200);
        extensions.push_back(e);
        push(CA::Extend, decided, c.case_staff);
      }
      std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.day < b.day; });
      day = end;
      if (target == CS::TransferRequested || target == CS::TransferredToTrial) {
        push(CA::ShowFacts, day, requester);
        push(CA::RequestTransfer, later(1, 5), requester);
        if (target == CS::TransferredToTrial) {
          approvals(CA::ApproveTransfer, transfer_chain, static_cast<int>(transfer_chain.size()));
          trial();
        } else {
          approvals(CA::ApproveTransfer, transfer_chain,
                    static_cast<int>(cbetween(0, static_cast<long long>(transfer_chain.size()) - 1)));
          for (std::size_t i = steps.size(); i-- > 0 && steps[i].action == CA::ApproveTransfer;) steps[i].last_approval = false;
        }
      } else if (target == CS::Dismissed) {
        push(CA::Dismiss, later(1, 5), township ? t.staff : c.leader, true,
                         std::string("经审查调查，违纪违法事实不存在"));
      }
    }

    // Replay the steps: states, numbers, steps and audit events.
    core::CaseStep cs;
    cs.record_id = k.id;
    cs.action = "request_filing";
    cs.to_state = std::string(core::kCaseStates.code(CS::FilingRequested));
    cs.actor_id = staff[requester].id;
    cs.actor_name = staff[requester].display_name;
    cs.org_id = staff[requester].org_id;
    cs.at = k.created_at;
    cs.detail = json::serialize(json::object{{"source", k.source}, {"mode", k.mode}, {"regime", k.regime}});
    load.case_step(cs);
    cs.detail.reset();
    json::object created_detail{{"source", k.source}, {"mode", k.mode}, {"regime", k.regime}};
    if (k.clue_id) created_detail["clue_id"] = *k.clue_id;
    schedule(cs.at, requester, "create", "case", k.id, json::serialize(created_detail));
    CS from = CS::FilingRequested;
    long long last_at = cs.at;
    for (auto& st : steps) {
      const auto to = core::next_state(from, st.action, {st.last_approval, false});
      if (!to) throw std::logic_error("gen: a case step the workflow does not allow");
      if (st.action == CA::ApproveFiling) {
        ++k.approvals_done;
        if (st.last_approval) {
          k.approvals_done = 0;
          k.year = static_cast<int>(std::chrono::year_month_day{st.day}.year());
          k.seq = case_numbers[{own_org.id, k.year}] += 1;
          load.number(own_org.id, k.year, "case", *k.seq);
          k.number = core::case_number(own_org.short_name, k.year, *k.seq);
          k.filed_day = core::format_day(st.day);
        }
      }
      if (st.action == CA::ApproveTransfer) k.approvals_done = st.last_approval ? 0 : k.approvals_done + 1;
      if (st.action == CA::RequestTransfer) k.approvals_done = 0;
      if (st.action == CA::StartInvestigation) k.plan = "查明" + who.name + "涉嫌违纪违法问题（生成）";
      if (st.action == CA::ShowFacts) k.facts_shown_day = core::format_day(st.day);
      if (st.action == CA::RequestTransfer) k.report = "经审查调查，" + who.name + "违纪违法事实清楚（生成）";
      if (st.action == CA::AcceptTrial) k.trial_accepted_day = core::format_day(st.day);
      if (st.action == CA::ReportTrial) {
        k.trial_report = "审理报告：" + who.name + "违纪违法事实清楚，证据确实充分（生成）";
        k.trial_deliberation = "集体审议，同意审理报告意见（生成）";
      }
      cs.action = std::string(core::kCaseActions.code(st.action));
      cs.from_state = std::string(core::kCaseStates.code(from));
      cs.to_state = std::string(core::kCaseStates.code(*to));
      cs.actor_id = staff[st.by].id;
      cs.actor_name = staff[st.by].display_name;
      cs.org_id = staff[st.by].org_id;
      cs.reason = st.reason;
      cs.at = last_at = std::max(ms_at(st.day, 60 + cbetween(0, 400)), last_at + 60000);
      load.case_step(cs);
      json::object detail{{"number", k.number ? json::value(*k.number) : json::value(nullptr)},
                          {"from", *cs.from_state},
                          {"to", cs.to_state}};
      schedule(cs.at, st.by, core::kCaseActions.code(st.action), "case", k.id, json::serialize(detail));
      from = *to;
    }
    k.state = std::string(core::kCaseStates.code(from));
    k.updated_at = last_at;

    // The clock: as CaseService::set_case_clock reads the measures and extensions.
    if (filed && core::investigation_clock_runs(from)) {
      core::InvestigationFacts f;
      f.regime = regime;
      f.filed = *filed;
      for (auto& m : measures)
        if (m.measure == core::kMeasures.code(core::Measure::Detention))
          f.detentions.push_back({*core::parse_day(m.day), m.ended_day ? core::parse_day(*m.ended_day) : std::nullopt, {}});
      for (auto& e : extensions) f.extensions.push_back({*core::parse_day(e.decided_day), e.amount, true});
      const auto clock = core::investigation_clock(s_.kernel.calendar(), limit, ext_limit, f);
      k.limit_code = std::string(core::investigation_limit(regime));
      k.clock_start = core::format_day(clock.start);
      if (clock.due) k.due_day = core::format_day(*clock.due);
      for (auto& e : f.extensions)
        if (e.decided >= clock.start) ++k.extensions;
    }
    // The trial clock: as CaseService::set_trial_clock reads the steps.
    if (from == CS::InTrial && k.trial_accepted_day) {
      core::TrialFacts tf;
      tf.accepted = *core::parse_day(*k.trial_accepted_day);
      for (auto& st : steps) {
        if (st.action == CA::ReturnSupplementary) tf.supplements.push_back({st.day, std::nullopt});
        if (st.action == CA::ResubmitSupplementary && !tf.supplements.empty()) tf.supplements.back().resubmitted = st.day;
      }
      k.trial_due_day = core::format_day(core::trial_clock(s_.kernel.calendar(), trial_limit, trial_ext, tf, today).due);
    }
    load.case_row(k);
    if (k.trial_accepted_day) {
      std::vector<long long> ids;
      for (auto i : triers) ids.push_back(staff[i].id);
      load.case_triers(k.id, ids);
    }
    if (filed && from != CS::Filed && from != CS::FilingRefused) {
      std::vector<long long> ids;
      for (auto i : team) ids.push_back(staff[i].id);
      load.case_team(k.id, ids);
    }
    for (auto& m : measures) load.case_measure(m);
    for (auto& e : extensions) load.case_extension(e);
    if (from == CS::Decided) decide(load, c, k, township, township ? t.staff : c.room_staff[ri][0], steps.back().day);
    rep.measures += static_cast<long long>(measures.size());

    // A room for each talk, on its day: the lead unit's, slots of two hours from 09:00.
    const std::vector<long long> rooms = township ? std::vector<long long>{t.talk_room} : c.talk_rooms;
    for (const core::Day tday : talks) {
      for (long long room : rooms) {
        int& used = room_slots[{room, tday.time_since_epoch().count()}];
        if (used >= 4) continue;
        store::InterviewBooking b;
        b.id = booking_ids.next();
        b.room_id = room;
        b.county_id = c.unit.id;
        b.case_id = k.id;
        b.start_at = ms_at(tday, 120LL * used);
        b.end_at = b.start_at + 110 * 60000LL;
        b.booked_by = staff[requester].id;
        ++used;
        load.interview_booking(b);
        ++rep.bookings;
        break;
      }
    }
    // The documents' metadata (their files are not generated): a number per
    // organisation, kind and year where the kind has a 文号.
    auto document = [&](const std::string& kind, core::Day dday) {
      store::CaseDocument d;
      d.case_id = k.id;
      d.kind = kind;
      d.version = 1;
      d.org_id = own_org.id;
      d.year = static_cast<int>(std::chrono::year_month_day{dday}.year());
      if (auto p = doc_prefix.find(kind); p != doc_prefix.end()) {
        d.seq = doc_numbers[{own_org.id, kind, d.year}] += 1;
        load.number(own_org.id, d.year, "doc:" + kind, *d.seq);
        d.number = core::issued_number(own_org.short_name, p->second, d.year, *d.seq);
      }
      static const char* hex = "0123456789abcdef";
      d.digest.resize(64);
      for (auto& ch : d.digest) ch = hex[cbetween(0, 15)];
      d.size = cbetween(18000, 42000);
      d.generated_by = staff[requester].id;
      d.generated_at = ms_at(dday, 300);
      load.case_document(d);
      ++rep.documents;
    };
    if (filed) {
      document("filing_decision", *filed);
      document("filing_notice", *filed);
    }
    if (!talks.empty()) document("talk_notice", talks.front());  // the first talk's notice
    if (core::at_trial(from)) document("transfer_letter", core::day_of_ms(k.updated_at));
    ++rep.cases;
  };

  // One arrival: a case filed directly, with the organ and document it came with.
  auto add_direct_case = [&](store::Load& load, const Arrival& arr) {
    County& c = cs[static_cast<std::size_t>(cbetween(0, static_cast<long long>(cs.size()) - 1))];
    Township& t = c.towns[static_cast<std::size_t>(cbetween(0, static_cast<long long>(c.towns.size()) - 1))];
    Village& v = t.villages[static_cast<std::size_t>(cbetween(0, static_cast<long long>(t.villages.size()) - 1))];
    const bool village_level = c01() < 0.75;
    auto& pool = village_level ? v.cadres : t.cadres;
    const core::Person& who = pool[static_cast<std::size_t>(cbetween(0, static_cast<long long>(pool.size()) - 1))];
    const long long person = person_id(load, c, who, ms_at(arr.day, arr.minute));
    const bool section = core::kCadreLevels.parse(who.cadre_level) == core::CadreLevel::TownshipSection;
    const double m = c01();
    const auto mode = section || m >= 0.8 ? core::DispatchMode::CountyLed
                      : m < 0.6          ? core::DispatchMode::Township
                                         : core::DispatchMode::Joint;
    const std::string year = std::to_string(arr.year);
    const double src = c01();
    CaseOrigin origin;
    if (src < 0.4) {
      origin = {std::string(core::kCaseSources.code(core::CaseSource::Transferred)), std::nullopt,
                std::string(src < 0.2 ? "县公安局" : "县审计局"),
                std::string(src < 0.2 ? "公移〔" : "审移〔") + year + "〕" + std::to_string(cbetween(1, 90)) + "号"};
    } else if (src < 0.75) {
      origin = {std::string(core::kCaseSources.code(core::CaseSource::FoundInSupervision)), std::nullopt, std::nullopt,
                year + "年度" + (src < 0.6 ? "惠民资金专项监督检查" : "村级财务专项巡察")};
    } else {
      origin = {std::string(core::kCaseSources.code(core::CaseSource::AssignedByHigher)), std::nullopt,
                std::string("市纪委监委"), "市纪交〔" + year + "〕" + std::to_string(cbetween(1, 60)) + "号"};
    }
    add_case(load, c, t, who, person, mode, origin, arr.day, ms_at(arr.day, arr.minute));
  };

  // One arrival: a petition with its person, indexes, steps and audit events.
  auto add_petition = [&](store::Load& load, const Arrival& arr) {
    const int year = arr.year;
    const core::Day received = arr.day;
    const long long now = ms_at(received, arr.minute);
    auto [c, t, v] = draw_place();
    const bool at_township = u01(rng) < township_share;
    const std::size_t actor = at_township ? t.staff : c.office_staff;

    core::Petition p;
    p.id = petition_ids.next();
    p.county_id = c.unit.id;
    p.intake_org_id = at_township ? t.unit.id : c.office.id;
    if (at_township) p.intake_township_id = t.unit.id;
    const core::OrgUnit& number_org = at_township ? t.unit : c.unit;
    p.number_org_id = number_org.id;
    p.year = year;
    p.received_day = core::format_day(received);
    p.seq = numbers[{number_org.id, year, false}] += 1;
    load.number(number_org.id, year, "petition", p.seq);
    p.number = core::petition_number(number_org.short_name, year, p.seq);
    const double ch = u01(rng);
    p.channel = ch < 0.45 ? "letter" : ch < 0.7 ? "visit" : ch < 0.85 ? "phone" : "web";
    if (p.channel == "letter") p.postmark_day = p.received_day;
    if (p.channel == "visit") {
      p.visitors = u01(rng) < 0.05 ? 5 + static_cast<int>(u01(rng) * 20) : 1 + static_cast<int>(u01(rng) * 3);
      p.identity_checked = 1;
      p.reception_cadre = name();
    }
    if (p.channel == "phone") p.call_time = p.received_day + "T10:00";
    if (p.channel == "web") p.web_source = "12388网站";
    p.type = "accusation";

    // Text and the person concerned: a near-duplicate repeats an earlier
    // text of the township with a prefix; otherwise a template is filled.
    core::Person who;
    const bool duplicate = !t.recent.empty() && u01(rng) < o.duplicate_share;
    if (duplicate) {
      const auto& e = t.recent[std::uniform_int_distribution<std::size_t>(0, t.recent.size() - 1)(rng)];
      p.summary = e.summary;
      p.content = pick(rng, repeat_prefix) + e.content;
      p.category = e.category;
      p.subcategory = e.subcategory;
      p.area = e.area;
      who = e.person;
    } else {
      const auto& pr = problems[std::uniform_int_distribution<std::size_t>(0, problems.size() - 1)(rng)].as_object();
      const bool village_level = u01(rng) < 0.85;
      who = village_level ? pick(rng, v.cadres) : pick(rng, t.cadres);
      // The year told is sometimes the one before (drawn for each text).
      const std::string& where = village_level ? v.unit.name : t.unit.name;
      p.summary = fill(str(pr.at("summary")), where, who, year - (u01(rng) < 0.3 ? 1 : 0));
      p.content = fill(str(pr.at("content")), where, who, year - (u01(rng) < 0.3 ? 1 : 0));
      for (int e = static_cast<int>(u01(rng) * 3); e > 0; --e) p.content += pick(rng, extra);
      if (u01(rng) < 0.04) p.content += pick(rng, escalation);
      p.category = str(pr.at("category"));
      p.subcategory = str(pr.at("subcategory"));
      if (pr.contains("area")) p.area = str(pr.at("area"));
      Township::Earlier e{p.summary, p.content, p.category, p.subcategory, p.area, who};
      if (t.recent.size() < 16)
        t.recent.push_back(std::move(e));
      else
        t.recent[std::uniform_int_distribution<std::size_t>(0, 15)(rng)] = std::move(e);
    }
    p.place_org_id = v.unit.id;
    p.real_name = u01(rng) < real_name_share ? 1 : 0;
    if (p.real_name) {
      const std::string phone = "13" + std::to_string(100000000 + static_cast<long long>(u01(rng) * 899999999));
      json::object r{
          {"name", name()}, {"id_number", nullptr}, {"phone", phone}, {"address", v.unit.name}, {"unit", nullptr}};
      p.reporter_sealed = s_.kernel.keys().seal_text(json::serialize(r), reporter_ad + p.number);
      p.reporter_key = s_.kernel.keys().blind_index(phone, "petition.reporter.phone");
    }
    auto level = core::kCadreLevels.parse(who.cadre_level).value_or(core::CadreLevel::Other);
    auto proposal = core::propose_jurisdiction(core::PetitionType::Accusation,
                                               {{level, who.party_member != 0, who.public_official != 0}});
    p.proposed_jurisdiction = p.jurisdiction = std::string(core::kJurisdictions.code(proposal.where));
    p.first_handler_id = p.registered_by = staff[actor].id;
    auto terms = core::matched_terms(p.summary + "\n" + p.content, s_.kernel.catalogue().risk_terms);
    if (!terms.empty()) p.risk_terms = terms.front();

    // Where the item stands today, by its age.
    const long long age = (today - received).count();
    const double s = u01(rng);
    PetitionState target = age > 90   ? (s < 0.8    ? PetitionState::Archived
                                         : s < 0.88 ? PetitionState::Rejected
                                         : s < 0.93 ? PetitionState::TransferredOut
                                         : s < 0.97 ? PetitionState::Concluded
                                                    : PetitionState::InProgress)
                           : age > 30 ? (s < 0.4   ? PetitionState::InProgress
                                         : s < 0.7 ? PetitionState::Concluded
                                                   : PetitionState::Archived)
                                      : (s < 0.4   ? PetitionState::Registered
                                         : s < 0.7 ? PetitionState::Accepted
                                                   : PetitionState::Assigned);
    if (!paths.count(target)) target = PetitionState::Registered;
    const auto& path = paths.at(target);
    p.state = std::string(core::kPetitionStates.code(target));
    for (auto a : path)
      if (a == PetitionAction::Assign) {
        p.handler_org_id = t.unit.id;
        p.handler_township_id = t.unit.id;
      } else if (a == PetitionAction::TransferOut) {
        p.transfer_to = "县人民法院";
      }
    // Steps a few days apart; the running clock started at the last step
    // that starts one (registration: the day of receipt).
    core::Day step_day = received, clock_day = received;
    std::vector<std::pair<PetitionAction, core::Day>> steps;
    PetitionState walk = PetitionState::Registered;
    for (auto a : path) {
      step_day = std::min(today, step_day + std::chrono::days{1 + static_cast<int>(u01(rng) * 6)});
      steps.emplace_back(a, step_day);
      walk = *core::next_state(walk, a, false);
      if (core::starts_clock(walk)) clock_day = step_day;
    }
    core::ClockFacts facts;
    facts.real_name = p.real_name != 0;
    facts.jurisdiction = proposal.where;
    p.limit_code = std::string(core::limit_in_state(target, facts));
    if (p.limit_code->empty()) p.limit_code.reset();
    p.clock_start = core::format_day(clock_day);
    s_.petitions.refresh_due(p);

    core::ReportedPerson rp;
    rp.person = who;
    rp.person.id = person_id(load, c, who, now);
    load.petition(p, now, who.name + " " + who.unit_name);
    load.petition_person(p.id, rp, 0);
    if (auto sig = search::minhash(p.summary + "\n" + p.content); !sig.empty()) {
      std::vector<long long> bands;
      for (auto b : search::band_keys(sig)) bands.push_back(b);
      load.petition_signature(p.id, c.unit.id, search::encode(sig), bands);
    }

    core::PetitionStep st;
    st.petition_id = p.id;
    st.action = "register";
    st.to_state = "registered";
    st.actor_id = p.registered_by;
    st.actor_name = staff[actor].display_name;
    st.org_id = p.intake_org_id;
    st.at = now;
    load.petition_step(st);
    schedule(now, actor, "create", "petition", p.id,
             json::serialize(json::object{{"number", p.number},
                                          {"channel", p.channel},
                                          {"type", p.type},
                                          {"proposed_jurisdiction", p.proposed_jurisdiction},
                                          {"jurisdiction", p.jurisdiction}}));
    PetitionState from = PetitionState::Registered;
    long long last_at = now;  // a step clipped to today still follows the registration
    for (auto& [a, day] : steps) {
      auto to = *core::next_state(from, a, false);
      // The handling township acts once the item is assigned to it.
      const std::size_t by =
          p.handler_township_id && from != PetitionState::Registered && from != PetitionState::Accepted ? t.staff
                                                                                                        : actor;
      st.action = std::string(core::kPetitionActions.code(a));
      st.from_state = std::string(core::kPetitionStates.code(from));
      st.to_state = std::string(core::kPetitionStates.code(to));
      st.actor_id = staff[by].id;
      st.actor_name = staff[by].display_name;
      st.org_id = staff[by].org_id;
      st.reason.reset();
      st.note.reset();
      if (a == PetitionAction::Reject || a == PetitionAction::TransferOut) st.reason = "不属于受理范围";
      if (a == PetitionAction::Conclude || a == PetitionAction::GiveFeedback || a == PetitionAction::FollowUp)
        st.note = "已办理";
      st.at = last_at = std::max(ms_at(day, 60 + between(0, 360)), last_at + 60000);
      load.petition_step(st);
      json::object detail{{"number", p.number}, {"from", *st.from_state}, {"to", st.to_state}};
      if (st.reason) detail["reason"] = *st.reason;
      schedule(st.at, by, core::kPetitionActions.code(a), "petition", p.id, json::serialize(detail));
      from = to;
    }
    ++rep.petitions;
  };

  // One arrival: a problem clue from a non-petition source, standing where
  // its age puts it, with the fields, steps and clock of that state.
  auto add_clue = [&](store::Load& load, const Arrival& arr) {
    const int year = arr.year;
    const core::Day received = arr.day;
    const long long now = ms_at(received, arr.minute);
    auto [c, t, v] = draw_place();
    const bool village_level = u01(rng) < 0.8;
    core::Person who = village_level ? pick(rng, v.cadres) : pick(rng, t.cadres);
    const auto& pr = problems[std::uniform_int_distribution<std::size_t>(0, problems.size() - 1)(rng)].as_object();
    const std::string& where = village_level ? v.unit.name : t.unit.name;
    core::Clue cl;
    cl.id = clue_ids.next();
    cl.county_id = c.unit.id;
    cl.township_id = t.unit.id;
    cl.found_by_org_id = c.case_office.id;
    cl.number_org_id = c.unit.id;
    cl.year = year;
    cl.seq = numbers[{c.unit.id, year, true}] += 1;
    load.number(c.unit.id, year, "clue", cl.seq);
    cl.number = core::clue_number(c.unit.short_name, year, cl.seq);
    cl.source = kSources[std::uniform_int_distribution<int>(0, 6)(rng)];
    cl.summary = fill(str(pr.at("summary")), where, who, year);
    cl.content = fill(str(pr.at("content")), where, who, year);
    cl.category = str(pr.at("category"));
    cl.received_day = core::format_day(received);
    const double flag = u01(rng);
    cl.difficult = flag < 0.06;
    cl.needs_county_strength = flag >= 0.06 && flag < 0.2;
    core::ClueFacts facts;
    facts.difficult = cl.difficult;
    facts.needs_county_strength = cl.needs_county_strength;
    facts.persons = {{core::kCadreLevels.parse(who.cadre_level).value_or(core::CadreLevel::Other),
                      who.party_member != 0, who.public_official != 0}};
    const auto proposal = core::propose_dispatch(facts);
    cl.proposed_mode = std::string(core::kDispatchModes.code(proposal.mode));
    cl.proposal_reason = proposal.reason;
    cl.registered_by = staff[c.case_staff].id;

    // Where it stands today, by its age.
    const long long age = (today - received).count();
    const double st = u01(rng);
    using A = core::ClueAction;
    using S = core::ClueState;
    S target = age > 180  ? (st < 0.6    ? S::Closed
                             : st < 0.8  ? S::Filed
                             : st < 0.85 ? S::Transferred
                             : st < 0.93 ? S::Pending
                                         : S::InVerification)
               : age > 30 ? (st < 0.3    ? S::InTalkInquiry
                             : st < 0.55 ? S::InVerification
                             : st < 0.85 ? S::Closed
                             : st < 0.9  ? S::Pending
                                         : S::Received)
                          : (st < 0.3    ? S::Registered
                             : st < 0.45 ? S::DispatchProposed
                             : st < 0.6  ? S::Dispatched
                             : st < 0.85 ? S::Received
                                         : S::DisposalProposed);
    std::vector<A> path;
    std::optional<std::string> method, outcome;
    if (target != S::Registered) path.push_back(A::ProposeDispatch);
    if (target != S::Registered && target != S::DispatchProposed) path.push_back(A::ApproveDispatch);
    if (target != S::Registered && target != S::DispatchProposed && target != S::Dispatched)
      path.push_back(A::Acknowledge);
    switch (target) {
      case S::DisposalProposed:
        method = "talk_inquiry";
        path.push_back(A::ProposeDisposal);
        break;
      case S::InTalkInquiry:
        method = "talk_inquiry";
        break;
      case S::InVerification:
        method = "preliminary_verification";
        break;
      case S::Pending:
        method = "pending";
        break;
      case S::Closed:
        method = st < 0.3 ? "closure" : st < 0.55 ? "talk_inquiry" : "preliminary_verification";
        if (*method == "talk_inquiry") outcome = "closed_unfounded";
        if (*method == "preliminary_verification") outcome = "close";
        break;
      case S::Filed:
        method = "preliminary_verification";
        outcome = "file_case";
        break;
      case S::Transferred:
        method = "preliminary_verification";
        outcome = "transfer";
        break;
      default:
        break;
    }
    if (method && target != S::DisposalProposed) {
      path.push_back(A::ProposeDisposal);
      path.push_back(A::ApproveDisposal);
      if (outcome) path.push_back(A::Conclude);
    }
    if (target != S::Registered) {
      // The proposal's mode: the township, or its room (joint: the township assists).
      cl.mode = cl.proposed_mode;
      const bool township_mode = *cl.mode == "township";
      cl.lead_org_id = township_mode ? t.unit.id : t.room;
      if (*cl.mode == "joint") cl.assist_org_id = t.unit.id;
    }
    cl.method = method;
    const int needed =
        cl.mode ? static_cast<int>(s_.kernel.approvals().at(*core::kDispatchModes.parse(*cl.mode)).roles.size()) : 0;
    if (method && target != S::DisposalProposed) cl.approvals_done = needed;
    cl.outcome = outcome;
    cl.state = std::string(core::kClueStates.code(target));

    // Steps a few days apart; the clock starts at acknowledgement, approval or the review date.
    core::Day step_day = received;
    std::vector<std::pair<A, core::Day>> steps;
    core::Day ack_day = received, approved_day = received;
    for (auto a : path) {
      step_day = std::min(today, step_day + std::chrono::days{1 + static_cast<int>(u01(rng) * 9)});
      steps.emplace_back(a, step_day);
      if (a == A::Acknowledge) {
        ack_day = step_day;
        cl.acknowledged_at = ms_at(step_day, 30);
      }
      if (a == A::ApproveDisposal) approved_day = step_day;
    }
    if (core::is_final(target)) cl.closed_day = core::format_day(step_day);
    if (target == S::Pending)
      cl.review_day = core::format_day(approved_day + std::chrono::days{90 + static_cast<int>(u01(rng) * 120)});
    s_.clues.set_clue_clock(cl,
                   core::format_day(target == S::Received || target == S::DisposalProposed ? ack_day : approved_day),
                   false, false);

    core::ReportedPerson rp;
    rp.person = who;
    rp.person.id = person_id(load, c, who, now);
    load.clue(cl, now);
    load.clue_person(cl.id, rp, 0);

    // Case supervision registers, proposes and approves; the lead unit (the
    // township, or for a room the county's case staff) acknowledges and handles.
    const std::size_t registrar = c.case_staff;
    const std::size_t handler = cl.mode && *cl.mode == "township" ? t.staff : c.case_staff;
    core::ClueStep cs_step;
    cs_step.record_id = cl.id;
    cs_step.action = "register";
    cs_step.to_state = "registered";
    cs_step.actor_id = staff[registrar].id;
    cs_step.actor_name = staff[registrar].display_name;
    cs_step.at = now;
    load.clue_step(cs_step);
    schedule(now, registrar, "create", "clue", cl.id,
             json::serialize(
                 json::object{{"number", cl.number}, {"source", cl.source}, {"proposed_mode", cl.proposed_mode}}));
    S from = S::Registered;
    int approval = 0;
    long long last_at = now;
    for (auto& [a, day] : steps) {
      S to = from;
      switch (a) {
        case A::ProposeDispatch:
          to = S::DispatchProposed;
          break;
        case A::ApproveDispatch:
          to = S::Dispatched;
          break;
        case A::Acknowledge:
          to = S::Received;
          break;
        case A::ProposeDisposal:
          to = S::DisposalProposed;
          break;
        case A::Conclude:
          to = target;
          break;
        default:
          break;
      }
      const std::size_t by = a == A::ProposeDispatch || a == A::ApproveDispatch ? registrar : handler;
      // The approval chain: one step per approver, the last one enters the method's state.
      const int repeat = a == A::ApproveDisposal ? needed : 1;
      for (int r = 0; r < repeat; ++r) {
        if (a == A::ApproveDisposal && r + 1 == needed)
          to = outcome ? (*method == "talk_inquiry" ? S::InTalkInquiry : S::InVerification) : target;
        cs_step.action = std::string(core::kClueActions.code(a));
        cs_step.from_state = std::string(core::kClueStates.code(from));
        cs_step.to_state = std::string(core::kClueStates.code(to));
        cs_step.actor_id = staff[by].id;
        cs_step.actor_name = staff[by].display_name;
        cs_step.org_id = staff[by].org_id;
        cs_step.at = last_at = std::max(ms_at(day, 60 + approval++), last_at + 60000);
        load.clue_step(cs_step);
        schedule(cs_step.at, by, core::kClueActions.code(a), "clue", cl.id,
                 json::serialize(
                     json::object{{"number", cl.number}, {"from", *cs_step.from_state}, {"to", cs_step.to_state}}));
        from = to;
      }
    }
    ++rep.clues;
    // The verification proposed filing: the lead unit files the case some days later.
    if (target == S::Filed) {
      const core::Day requested = std::min(today, step_day + std::chrono::days{cbetween(1, 10)});
      add_case(load, c, t, rp.person, rp.person.id, *core::kDispatchModes.parse(*cl.mode),
               {std::string(core::kCaseSources.code(core::CaseSource::FromClue)), cl.id, std::nullopt, std::nullopt},
               requested, std::max(ms_at(requested, cbetween(0, 420)), last_at + 60000));
    }
  };

  // The search indexes load in large segments and are merged once at the
  // end; if the load fails, the guard still restores their settings.
  // Into an empty database the secondary indexes of the tables with random
  // keys are built at the end too (with --force they stay as they are).
  std::vector<std::string> dropped;
  s_.kernel.db().write([&](store::Tx& tx) {
    store::begin_bulk_indexing(tx);
    if (orgs == 0)
      dropped = store::drop_indexes(tx, {"petitions", "clues", "petition_persons", "clue_persons", "login_attempts",
                                         "petition_steps", "clue_steps", "cases", "case_steps", "case_measures"});
  });
  struct RestoreIndexing {
    store::Db& db;
    const std::vector<std::string>& dropped;
    bool done = false;
    ~RestoreIndexing() {
      if (done) return;
      try {
        db.write([&](store::Tx& tx) {
          store::create_indexes(tx, dropped);
          store::end_bulk_indexing(tx);
        });
      } catch (...) {  // the load's own error is the one to report
      }
    }
  } restore{s_.kernel.db(), dropped};
  // A batch is built here while the previous one is written on another
  // thread; the id sources draw from the database inside the build.
  std::future<void> writing, writing_audit;
  std::unique_ptr<store::Load> in_flight;
  auto wait_written = [&] {  // an error of the last batch stops the load
    if (writing.valid()) writing.get();
    if (writing_audit.valid()) writing_audit.get();
  };
  auto submit = [&](std::unique_ptr<store::Load> load) {
    wait_written();
    // The written batch is freed here, not on the writer, once the next write runs.
    std::unique_ptr<store::Load> written = std::exchange(in_flight, std::move(load));
    auto write = [this, load = in_flight.get()](store::Load::Part part) {
      return std::async(std::launch::async, [this, load, part] {
        s_.kernel.db().write([&](store::Tx& tx) {
          // A bulk load touches far more pages than requests do.
          if (tx.backend == store::Backend::Sqlite) tx.sql << "PRAGMA cache_size=-1048576";
          load->write(tx, part);
        });
      });
    };
    // PostgreSQL takes the audit records on a second connection meanwhile.
    if (backend == store::Backend::Postgres) {
      writing = write(store::Load::Part::Records);
      writing_audit = write(store::Load::Part::Audit);
    } else {
      writing = write(store::Load::Part::All);
    }
  };
  // Every year's arrivals, each year's in time order; batches run across
  // the years so that the writer never waits for a year to be drawn.
  std::vector<Arrival> arrivals;
  arrivals.reserve(static_cast<std::size_t>(petitions + clues + direct_cases));
  for (std::size_t yi = 0; yi < weights.size(); ++yi) {
    const int year = first_year + static_cast<int>(yi);
    const core::Day jan1{std::chrono::year{year} / 1 / 1};
    const core::Day last = year == this_year ? today : core::Day{std::chrono::year{year} / 12 / 31};
    const long long span = (last - jan1).count();
    const auto first = arrivals.size();
    for (long long i = 0; i < petitions_in[yi] + clues_in[yi]; ++i)
      arrivals.push_back(
          {jan1 + std::chrono::days{between(0, span)}, static_cast<int>(between(0, 480)), i >= petitions_in[yi], year});
    for (long long i = 0; i < cases_in[yi]; ++i)
      arrivals.push_back({jan1 + std::chrono::days{cbetween(0, span)}, static_cast<int>(cbetween(0, 480)), false, year,
                          true});
    std::stable_sort(
        arrivals.begin() + static_cast<std::ptrdiff_t>(first), arrivals.end(),
        [](const Arrival& a, const Arrival& b) { return std::tie(a.day, a.minute) < std::tie(b.day, b.minute); });
  }
  long long reported = 0;
  for (std::size_t from = 0; from < arrivals.size(); from += kBatch) {
    auto load = std::make_unique<store::Load>(backend);
    for (std::size_t k = from; k < arrivals.size() && k < from + kBatch; ++k) {
      const Arrival& a = arrivals[k];
      staff_days_until(a.day);
      release(*load, ms_at(a.day, a.minute));
      if (a.kase)
        add_direct_case(*load, a);
      else if (a.clue)
        add_clue(*load, a);
      else
        add_petition(*load, a);
    }
    submit(std::move(load));
    if (static_cast<long long>(from + kBatch) / 100000 > reported || from + kBatch >= arrivals.size()) {
      reported = static_cast<long long>(from + kBatch) / 100000;
      progress("petitions: " + std::to_string(rep.petitions) + " / " + std::to_string(petitions) +
               ", clues: " + std::to_string(rep.clues) + " / " + std::to_string(clues) +
               ", cases: " + std::to_string(rep.cases) + " (execution tasks: " +
               std::to_string(rep.execution_tasks) + ", overdue: " + std::to_string(rep.execution_overdue) + ")" +
               ", audit records: " + std::to_string(audit_rows) + at());
    }
  }
  // The rest of today's logins and every step still waiting (none is later than today).
  {
    auto load = std::make_unique<store::Load>(backend);
    staff_days_until(today);
    release(*load, std::numeric_limits<long long>::max());
    submit(std::move(load));
    wait_written();
  }

  progress("building " + std::to_string(dropped.size()) + " indexes" + at());
  s_.kernel.db().write([&](store::Tx& tx) {
    store::create_indexes(tx, dropped);
    // Loaded signatures carry no generation: pairs kept before (gen --force)
    // would never learn of them, so every petition is looked up afresh.
    store::forget_pairs(tx);
  });
  progress("merging the search indexes" + at());
  s_.kernel.db().write([](store::Tx& tx) { store::end_bulk_indexing(tx); });
  restore.done = true;
  rep.persons = static_cast<long long>(person_ids.size());
  rep.audit_records = audit_rows;
  rep.logins = logins;
  rep.staff_accounts = static_cast<long long>(staff.size());
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  s_.kernel.db().write([&](store::Tx& tx) {
    s_.kernel.audit(tx, &admin, "generate", "dataset", 0,
          json::object{{"scale", o.scale},
                       {"counties", rep.counties},
                       {"petitions", rep.petitions},
                       {"clues", rep.clues},
                       {"cases", rep.cases},
                       {"audit_records", rep.audit_records},
                       {"seed", static_cast<long long>(o.seed)}});
  });
  return rep;
}

GenReport generate(Services& s, const GenOptions& o, const std::function<void(const std::string&)>& progress) {
  return Gen{s}.run(o, progress);
}

}  // namespace funnel::tools
