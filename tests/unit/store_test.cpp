// Storage on the backend chosen by FUNNEL_TEST_PG (SQLite when unset):
// migrations, org tree with data-scope filtering, linkage, users, sessions.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "store/org_units_repo.hpp"
#include "store/sessions_repo.hpp"
#include "store/users_repo.hpp"
#include "test_db.hpp"

using namespace funnel;
using funnel::testing::TestDb;

TEST(StoreMigrations, AppliedOnceAndVersioned) {
  TestDb t;
  EXPECT_EQ(store::schema_version(t.db()), store::latest_schema_version());
  EXPECT_EQ(store::migrate(t.db()), 0);
}

// Issue 27: an acknowledged write must survive a power cut; in WAL mode
// that takes synchronous=FULL (2) on every connection, readers and writer.
// SQLite only, whatever FUNNEL_TEST_PG says: its own database file.
TEST(SqliteDurability, EveryConnectionSyncsCommits) {
  const auto dir = std::filesystem::temp_directory_path() / ("funnel-sync-" + crypto::random_token(6));
  std::filesystem::create_directories(dir);
  {
    store::Db db("sqlite://" + (dir / "t.db").string(), 4);
    store::migrate(db);
    auto level_of = [](store::Tx& tx) {
      int level = -1;
      tx.sql << "PRAGMA synchronous", soci::into(level);
      return level;
    };
    for (int i = 0; i < 8; ++i) EXPECT_EQ(db.read(level_of), 2) << "synchronous must be FULL";
    EXPECT_EQ(db.write(level_of), 2) << "the writer's synchronous must be FULL";
  }
  std::filesystem::remove_all(dir);
}

namespace {
struct Tree {
  long long county, room1, room2, t1, t2, t3, v1, v2;
};

long long add(store::Tx& tx, const char* kind, std::optional<long long> parent, std::optional<long long> county,
              std::optional<long long> town, const char* name, std::optional<std::string> code) {
  core::OrgUnit o;
  o.kind = kind;
  o.category = kind;
  o.parent_id = parent;
  o.name = name;
  o.short_name = name;
  o.division_code = code;
  o.county_id = county;
  o.township_id = town;
  long long id = store::insert_org(tx, o);
  if (std::string(kind) == "county" || std::string(kind) == "township") {
    o.id = id;
    if (!county) o.county_id = id;
    if (std::string(kind) == "township") o.township_id = id;
    store::update_org(tx, o);
  }
  return id;
}

Tree build(store::Db& db) {
  return db.write([](store::Tx& tx) {
    Tree t;
    t.county = add(tx, "county", std::nullopt, std::nullopt, std::nullopt, "县", "371723");
    t.room1 = add(tx, "department", t.county, t.county, std::nullopt, "一室", std::nullopt);
    t.room2 = add(tx, "department", t.county, t.county, std::nullopt, "二室", std::nullopt);
    t.t1 = add(tx, "township", t.county, t.county, std::nullopt, "甲镇", "371723100");
    t.t2 = add(tx, "township", t.county, t.county, std::nullopt, "乙镇", "371723101");
    t.t3 = add(tx, "township", t.county, t.county, std::nullopt, "丙镇", "371723102");
    t.v1 = add(tx, "village", t.t1, t.county, t.t1, "甲村", "371723100201");
    t.v2 = add(tx, "village", t.t2, t.county, t.t2, "乙村", "371723101201");
    store::set_linked_townships(tx, t.room1, t.county, {t.t1, t.t3});
    return t;
  });
}

std::set<long long> visible(store::Db& db, const core::Scope& s) {
  return db.read([&](store::Tx& tx) {
    std::set<long long> ids;
    for (auto& o : store::list_orgs(tx, s, {}, nullptr, nullptr)) ids.insert(o.id);
    return ids;
  });
}
}  // namespace

TEST(StoreScope, OrgTreeFilteredByScope) {
  TestDb t;
  Tree tr = build(t.db());
  core::Scope county;
  county.kind = core::DataScope::County;
  county.county_id = tr.county;
  EXPECT_EQ(visible(t.db(), county).size(), 8u);

  core::Scope own = county;
  own.kind = core::DataScope::OwnTownship;
  own.township_ids = {tr.t1};
  EXPECT_EQ(visible(t.db(), own), (std::set<long long>{tr.county, tr.room1, tr.room2, tr.t1, tr.v1}));

  core::Scope linked = county;
  linked.kind = core::DataScope::LinkedTownships;
  linked.township_ids = {tr.t1, tr.t3};
  EXPECT_EQ(visible(t.db(), linked), (std::set<long long>{tr.county, tr.room1, tr.room2, tr.t1, tr.t3, tr.v1}));

  core::Scope none;
  EXPECT_TRUE(visible(t.db(), none).empty());

  core::Scope other = county;
  other.county_id = tr.county + 1000;
  EXPECT_TRUE(visible(t.db(), other).empty());

  core::Scope all;
  all.unrestricted = true;
  EXPECT_EQ(visible(t.db(), all).size(), 8u);

  // A single read honours the scope too.
  t.db().read([&](store::Tx& tx) {
    EXPECT_TRUE(store::find_org(tx, own, tr.t1).has_value());
    EXPECT_FALSE(store::find_org(tx, own, tr.t2).has_value());
    EXPECT_FALSE(store::find_org(tx, own, tr.v2).has_value());
  });
}

TEST(StoreScope, FiltersPagingAndSearch) {
  TestDb t;
  Tree tr = build(t.db());
  core::Scope all;
  all.unrestricted = true;
  t.db().read([&](store::Tx& tx) {
    long long total = 0;
    store::OrgFilter f;
    f.kind = "township";
    core::Page p{1, 2};
    auto page1 = store::list_orgs(tx, all, f, &p, &total);
    EXPECT_EQ(total, 3);
    EXPECT_EQ(page1.size(), 2u);
    p.page = 2;
    EXPECT_EQ(store::list_orgs(tx, all, f, &p, &total).size(), 1u);
    store::OrgFilter q;
    q.q = "乙";
    EXPECT_EQ(store::list_orgs(tx, all, q, nullptr, &total).size(), 2u);
    store::OrgFilter pct;
    pct.q = "%";  // a LIKE wildcard in input is a literal
    EXPECT_EQ(store::list_orgs(tx, all, pct, nullptr, &total).size(), 0u);
  });
  (void)tr;
}

TEST(StoreLinks, OneRoomPerTownship) {
  TestDb t;
  Tree tr = build(t.db());
  t.db().write([&](store::Tx& tx) { store::set_linked_townships(tx, tr.room2, tr.county, {tr.t1, tr.t2}); });
  t.db().read([&](store::Tx& tx) {
    EXPECT_EQ(store::linked_townships(tx, tr.room1), (std::vector<long long>{tr.t3}));
    EXPECT_EQ(store::linked_townships(tx, tr.room2), (std::vector<long long>{tr.t1, tr.t2}));
  });
}

TEST(StoreUsers, SixtyFourBitIdsAndOptionalColumns) {
  TestDb t;
  t.db().write([&](store::Tx& tx) {
    core::User u;
    u.username = "big";
    u.display_name = "大";
    u.role = "sys_admin";
    u.data_scope = "none";
    u.status = "active";
    u.password_hash = "x";
    long long id = store::insert_user(tx, u);
    // A session id beyond 32 bits must survive the round trip.
    tx.sql << "INSERT INTO sessions (id, token_hash, user_id, csrf_token, ip, user_agent, created_at, last_seen_at) "
              "VALUES (5000000000, 'h', :u, 'c', 'i', 'a', 1, 2)",
        soci::use(id);
  });
  t.db().read([&](store::Tx& tx) {
    auto su = store::find_session_with_user(tx, "h");
    ASSERT_TRUE(su);
    EXPECT_EQ(su->first.id, 5000000000LL);
    EXPECT_EQ(su->second.username, "big");  // the session's user, read with it
    EXPECT_FALSE(su->second.org_unit_id.has_value());
    auto u = store::find_user_by_name(tx, "big");
    ASSERT_TRUE(u);
    EXPECT_FALSE(u->org_unit_id.has_value());
    EXPECT_FALSE(u->last_login_at.has_value());
  });
}

TEST(StoreTx, RollbackOnError) {
  TestDb t;
  EXPECT_THROW(t.db().write([&](store::Tx& tx) {
    core::OrgUnit o;
    o.kind = o.category = "county";
    o.name = o.short_name = "x";
    store::insert_org(tx, o);
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  core::Scope all;
  all.unrestricted = true;
  EXPECT_TRUE(visible(t.db(), all).empty());
}

// Appends (the audit record of a read) arriving together: on PostgreSQL one
// transaction with a SAVEPOINT each; every job keeps its own outcome.
TEST(StoreTx, AppendsTogetherEachWithItsOwnOutcome) {
  TestDb t;
  constexpr int kThreads = 8, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      for (int n = 0; n < kEach; ++n) {
        const bool boom = n % 5 == 0;
        try {
          t.db().append([&](store::Tx& tx) {
            core::OrgUnit o;
            o.kind = o.category = "county";
            o.name = o.short_name = "a" + std::to_string(i) + "_" + std::to_string(n);
            store::insert_org(tx, o);
            if (boom) throw std::runtime_error("boom");
          });
          EXPECT_FALSE(boom);
        } catch (const std::runtime_error& e) {
          EXPECT_TRUE(boom) << e.what();
          EXPECT_STREQ(e.what(), "boom");
          ++failed;
        }
      }
    });
  for (auto& th : threads) th.join();
  core::Scope all;
  all.unrestricted = true;
  const auto orgs = visible(t.db(), all);
  EXPECT_EQ(failed.load(), kThreads * kEach / 5);
  EXPECT_EQ(static_cast<int>(orgs.size()), kThreads * kEach - failed.load());
}
