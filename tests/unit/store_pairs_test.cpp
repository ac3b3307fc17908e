// Near-duplicates kept once found (IN-8, issue 26, migration 21) on the
// backend chosen by FUNNEL_TEST_PG: a first read finds them in the county,
// a later one adds only what was registered since (by generation), the
// reader's scope filters them, and bulk loads forget them.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "search/minhash.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"
#include "store/users_repo.hpp"
#include "test_db.hpp"

using namespace funnel;
using funnel::testing::TestDb;

namespace {
struct County {
  long long county, t1, t2, user;
};

long long add_org(store::Tx& tx, const char* kind, std::optional<long long> parent, const char* name) {
  core::OrgUnit o;
  o.kind = o.category = kind;
  o.parent_id = parent;
  o.name = o.short_name = name;
  o.county_id = parent;
  long long id = store::insert_org(tx, o);
  o.id = id;
  if (!parent) o.county_id = id;
  if (std::string(kind) == "township") o.township_id = id;
  store::update_org(tx, o);
  return id;
}

County county(store::Db& db) {
  return db.write([](store::Tx& tx) {
    County c;
    c.county = add_org(tx, "county", std::nullopt, "县");
    c.t1 = add_org(tx, "township", c.county, "甲镇");
    c.t2 = add_org(tx, "township", c.county, "乙镇");
    core::User u;
    u.username = "clerk";
    u.display_name = "登记员";
    u.org_unit_id = c.county;
    u.role = "petition_office";
    u.data_scope = "county";
    u.status = "active";
    u.password_hash = "x";
    c.user = store::insert_user(tx, u);
    return c;
  });
}

// A registration's writes that matter here: the row, its signature and
// bands (and the county's next generation).
long long add_petition(store::Tx& tx, const County& c, long long township, const std::string& text) {
  static int seq = 0;
  core::Petition p;
  p.county_id = c.county;
  p.intake_org_id = p.number_org_id = township;
  p.intake_township_id = township;
  p.year = 2026;
  p.seq = ++seq;
  p.number = "测信〔2026〕" + std::to_string(p.seq) + "号";
  p.channel = "letter";
  p.type = "accusation";
  p.state = "registered";
  p.summary = text.substr(0, 12);
  p.content = text;
  p.category = "mass";
  p.received_day = "2026-12-01";
  p.proposed_jurisdiction = p.jurisdiction = "township";
  p.first_handler_id = p.registered_by = c.user;
  p.id = store::insert_petition(tx, p);
  auto sig = search::minhash(text);
  std::vector<long long> bands;
  for (auto b : search::band_keys(sig)) bands.push_back(b);
  store::index_petition_signature(tx, p.id, c.county, search::encode(sig), bands);
  return p.id;
}

long long registered(store::Db& db, const County& c, long long township, const std::string& text) {
  return db.write([&](store::Tx& tx) { return add_petition(tx, c, township, text); });
}

// What a read of the detail does: look up when stale, keep, then read.
std::vector<long long> opened(store::Db& db, const core::Scope& s, const County& c, long long id) {
  store::PairState st;
  std::vector<std::pair<long long, int>> add;
  db.read([&](store::Tx& tx) {
    st = store::pair_state(tx, id, c.county);
    add = store::pairs_to_add(tx, id, c.county, st);
  });
  if (!st.fresh()) db.write([&](store::Tx& tx) { store::keep_pairs(tx, id, add, st.current); });
  return db.read([&](store::Tx& tx) {
    std::vector<long long> out;
    for (auto& d : store::near_duplicates(tx, s, id, 10)) out.push_back(d.id);
    return out;
  });
}

core::Scope county_scope(const County& c) {
  core::Scope s;
  s.kind = core::DataScope::County;
  s.county_id = c.county;
  return s;
}
core::Scope township_scope(const County& c, long long t) {
  core::Scope s;
  s.kind = core::DataScope::OwnTownship;
  s.county_id = c.county;
  s.org_id = t;
  s.township_ids = {t};
  return s;
}

const std::string kA = "反映甲村村干部张某在低保评定中优亲厚友，把低保名额给了自己的亲戚，截留困难群众低保金三千元，请求查处。";
const std::string kA2 = "反映甲村村干部张某在低保评定中优亲厚友，把低保名额给了自己的亲戚，截留困难群众低保金五千元，请依法查处。";
const std::string kA3 = "反映甲村村干部张某在低保评定中优亲厚友，把低保名额给了亲戚，截留困难群众低保金三千元，请求查处此事。";
const std::string kB = "举报乙镇某站所负责人违规收受管理服务对象礼金礼卡，春节期间多次出入高档酒店，要求纪委调查核实。";

// Generations of the signatures (read back) and the county's counter.
std::pair<std::vector<long long>, long long> generations(store::Db& db, const County& c) {
  return db.read([&](store::Tx& tx) {
    std::vector<long long> gens;
    long long g = 0;
    store::Query st(tx);
    st.use(c.county).into(g);
    st.run("SELECT generation FROM petition_signatures WHERE county_id = :c ORDER BY petition_id", false);
    while (st.fetch()) gens.push_back(g);
    return std::make_pair(gens, store::pair_state(tx, 0, c.county).current);
  });
}

std::vector<long long> sorted(std::vector<long long> v) {
  std::sort(v.begin(), v.end());
  return v;
}
}  // namespace

TEST(StorePairs, EachRegistrationTakesTheCountysNextGeneration) {
  TestDb t;
  auto c = county(t.db());
  registered(t.db(), c, c.t1, kA);
  registered(t.db(), c, c.t2, kB);
  registered(t.db(), c, c.t1, kA2);
  auto [gens, current] = generations(t.db(), c);
  EXPECT_EQ(gens, (std::vector<long long>{1, 2, 3}));
  EXPECT_EQ(current, 3);
}

TEST(StorePairs, AFirstReadFindsTheCountysNearDuplicatesAndKeepsThem) {
  TestDb t;
  auto c = county(t.db());
  const long long a1 = registered(t.db(), c, c.t1, kA);
  registered(t.db(), c, c.t2, kB);
  const long long a2 = registered(t.db(), c, c.t2, kA2);
  const long long a3 = registered(t.db(), c, c.t1, kA3);
  // Never opened: stale, and nothing kept yet.
  auto st = t.db().read([&](store::Tx& tx) { return store::pair_state(tx, a1, c.county); });
  EXPECT_EQ(st.seen, -1);
  EXPECT_FALSE(st.fresh());
  EXPECT_EQ(sorted(opened(t.db(), county_scope(c), c, a1)), (std::vector<long long>{a2, a3}));  // not kB's
  // Kept: fresh now, and nothing more to add.
  st = t.db().read([&](store::Tx& tx) { return store::pair_state(tx, a1, c.county); });
  EXPECT_TRUE(st.fresh());
  EXPECT_EQ(st.seen, 4);
  auto add = t.db().read([&](store::Tx& tx) { return store::pairs_to_add(tx, a1, c.county, st); });
  EXPECT_TRUE(add.empty());
}

TEST(StorePairs, ALaterReadAddsOnlyWhatWasRegisteredSince) {
  TestDb t;
  auto c = county(t.db());
  const long long a1 = registered(t.db(), c, c.t1, kA);
  const long long a2 = registered(t.db(), c, c.t1, kA2);
  EXPECT_EQ(opened(t.db(), county_scope(c), c, a1), (std::vector<long long>{a2}));
  registered(t.db(), c, c.t2, kB);
  const long long a3 = registered(t.db(), c, c.t1, kA3);
  auto st = t.db().read([&](store::Tx& tx) { return store::pair_state(tx, a1, c.county); });
  EXPECT_EQ(st.seen, 2);
  EXPECT_EQ(st.current, 4);
  auto add = t.db().read([&](store::Tx& tx) { return store::pairs_to_add(tx, a1, c.county, st); });
  ASSERT_EQ(add.size(), 1u);  // a3 only: a2 is kept, kB's is no near-duplicate
  EXPECT_EQ(add[0].first, a3);
  EXPECT_EQ(sorted(opened(t.db(), county_scope(c), c, a1)), (std::vector<long long>{a2, a3}));
  // The newer one learns of the older on its own first read.
  EXPECT_EQ(sorted(opened(t.db(), county_scope(c), c, a3)), (std::vector<long long>{a1, a2}));
}

TEST(StorePairs, TheReadersScopeFiltersTheKeptPairs) {
  TestDb t;
  auto c = county(t.db());
  const long long a1 = registered(t.db(), c, c.t1, kA);
  const long long a2 = registered(t.db(), c, c.t2, kA2);
  const long long a3 = registered(t.db(), c, c.t1, kA3);
  EXPECT_EQ(opened(t.db(), county_scope(c), c, a1).size(), 2u);
  EXPECT_EQ(opened(t.db(), township_scope(c, c.t1), c, a1), (std::vector<long long>{a3}));
  EXPECT_EQ(opened(t.db(), township_scope(c, c.t2), c, a1), (std::vector<long long>{a2}));
}

TEST(StorePairs, TwoReadersRacingKeepTheLaterGeneration) {
  TestDb t;
  auto c = county(t.db());
  const long long a1 = registered(t.db(), c, c.t1, kA);
  const long long a2 = registered(t.db(), c, c.t1, kA2);
  auto early = t.db().read([&](store::Tx& tx) { return store::pair_state(tx, a1, c.county); });
  auto early_add = t.db().read([&](store::Tx& tx) { return store::pairs_to_add(tx, a1, c.county, early); });
  const long long a3 = registered(t.db(), c, c.t1, kA3);
  auto late = t.db().read([&](store::Tx& tx) { return store::pair_state(tx, a1, c.county); });
  auto late_add = t.db().read([&](store::Tx& tx) { return store::pairs_to_add(tx, a1, c.county, late); });
  // The later reader writes first; the earlier one must not lower the generation.
  t.db().write([&](store::Tx& tx) { store::keep_pairs(tx, a1, late_add, late.current); });
  t.db().write([&](store::Tx& tx) { store::keep_pairs(tx, a1, early_add, early.current); });
  auto st = t.db().read([&](store::Tx& tx) { return store::pair_state(tx, a1, c.county); });
  EXPECT_EQ(st.seen, 3);
  EXPECT_EQ(sorted(opened(t.db(), county_scope(c), c, a1)), (std::vector<long long>{a2, a3}));
}

TEST(StorePairs, ABulkLoadForgetsWhatWasKept) {
  TestDb t;
  auto c = county(t.db());
  const long long a1 = registered(t.db(), c, c.t1, kA);
  registered(t.db(), c, c.t1, kA2);
  EXPECT_EQ(opened(t.db(), county_scope(c), c, a1).size(), 1u);
  t.db().write([](store::Tx& tx) { store::forget_pairs(tx); });
  auto st = t.db().read([&](store::Tx& tx) { return store::pair_state(tx, a1, c.county); });
  EXPECT_EQ(st.seen, -1);
  EXPECT_EQ(opened(t.db(), county_scope(c), c, a1).size(), 1u);  // found again
}
