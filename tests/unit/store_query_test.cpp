// Query (statements kept prepared per connection) and the write path
// (group commit on SQLite), on the backend chosen by FUNNEL_TEST_PG.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "store/query.hpp"
#include "test_db.hpp"

using namespace funnel;
using funnel::testing::TestDb;

namespace {
void make_table(store::Db& db) {
  db.write([](store::Tx& tx) {
    tx.sql << "CREATE TABLE qt (id BIGINT PRIMARY KEY, name TEXT NOT NULL, note TEXT, n INTEGER, x DOUBLE PRECISION)";
  });
}
long long rows(store::Db& db) {
  return db.read([](store::Tx& tx) {
    long long n = -1;
    store::Query(tx).into(n).run("SELECT COUNT(*) FROM qt");
    return n;
  });
}
// kThreads threads each call one(id, i) for i < kEach, ids th * 1000 + i,
// all at once, so that SQLite groups their writes into shared commits.
constexpr int kThreads = 8, kEach = 40;
template <class F>
void concurrent_writers(F one) {
  std::vector<std::thread> threads;
  for (int th = 0; th < kThreads; ++th)
    threads.emplace_back([&, th] {
      for (int i = 0; i < kEach; ++i) one(th * 1000LL + i, i);
    });
  for (auto& th : threads) th.join();
}
}  // namespace

TEST(StoreQuery, BindsByFirstAppearanceAndReadsNullsIntoOptionals) {
  TestDb t;
  make_table(t.db());
  t.db().write([](store::Tx& tx) {
    std::optional<std::string> none;
    store::Query(tx).use(1).use("甲").use(none).use(7).use(2.5).run(
        "INSERT INTO qt (id, name, note, n, x) VALUES (:id, :name, :note, :n, :x)");
    store::Query ins(tx);
    ins.use(2).use("乙").use(std::optional<std::string>("备注")).run(
        "INSERT INTO qt (id, name, note, n) VALUES (:id, :name, :note, NULL)");
    EXPECT_EQ(ins.affected(), 1);
  });
  t.db().read([](store::Tx& tx) {
    // A name used twice is one value.
    long long id = 0;
    store::Query(tx).use(1).into(id).run("SELECT id FROM qt WHERE id = :a AND id >= :a");
    EXPECT_EQ(id, 1);

    std::string name;
    std::optional<std::string> note;
    std::optional<int> n;
    std::optional<double> x;
    store::Query q(tx);
    q.use(2).into(name).into(note).into(n).into(x).run("SELECT name, note, n, x FROM qt WHERE id = :id");
    ASSERT_TRUE(q.got_data());
    EXPECT_EQ(name, "乙");
    EXPECT_EQ(note, "备注");
    EXPECT_FALSE(n.has_value());
    EXPECT_FALSE(x.has_value());

    // NULL into a plain target is an error, as in SOCI; with an indicator it is not.
    int plain = 0;
    EXPECT_THROW(store::Query(tx).use(2).into(plain).run("SELECT n FROM qt WHERE id = :id"), std::runtime_error);
    std::string s = "unchanged";
    soci::indicator ind = soci::i_ok;
    store::Query(tx).use(1).into(s, ind).run("SELECT note FROM qt WHERE id = :id");
    EXPECT_EQ(ind, soci::i_null);

    // No row: targets untouched, got_data false.
    store::Query none(tx);
    long long untouched = 42;
    none.use(99).into(untouched).run("SELECT id FROM qt WHERE id = :id");
    EXPECT_FALSE(none.got_data());
    EXPECT_EQ(untouched, 42);

    // Too few values is a programming error, not a silent NULL.
    EXPECT_THROW(store::Query(tx).run("SELECT id FROM qt WHERE id = :id"), std::logic_error);
  });
}

TEST(StoreQuery, KeptStatementsAreReusedAndNestedUseGetsItsOwn) {
  TestDb t;
  make_table(t.db());
  t.db().write([](store::Tx& tx) {
    for (int i = 1; i <= 5; ++i)  // one text, five executions
      store::Query(tx).use(i).use("n" + std::to_string(i)).run("INSERT INTO qt (id, name) VALUES (:id, :name)");
  });
  t.db().read([](store::Tx& tx) {
    const std::string sql = "SELECT id FROM qt WHERE id >= :from ORDER BY id";
    long long outer = 0, inner = 0;
    int pairs = 0;
    store::Query a(tx);
    a.use(4).into(outer).run(sql, false);
    while (a.fetch()) {
      store::Query b(tx);  // the same text while the first is still stepping
      b.use(outer).into(inner).run(sql, false);
      while (b.fetch()) ++pairs;
    }
    EXPECT_EQ(pairs, 2 + 1);  // (4: 4,5) + (5: 5)
  });
  // Params (named) and positional texts agree.
  t.db().read([](store::Tx& tx) {
    store::Params p;
    std::string sql = "SELECT COUNT(*) FROM qt WHERE id > " + p.add(2LL) + " AND name <> " + p.add(std::string("x"));
    EXPECT_EQ(store::count(tx, sql, p), 3);
  });
}

TEST(StoreQuery, ConstraintErrorsSurfaceAndRollBack) {
  TestDb t;
  make_table(t.db());
  t.db().write([](store::Tx& tx) { store::Query(tx).use(1).use("a").run("INSERT INTO qt (id, name) VALUES (:i, :n)"); });
  EXPECT_THROW(t.db().write([](store::Tx& tx) {
    store::Query(tx).use(2).use("b").run("INSERT INTO qt (id, name) VALUES (:i, :n)");
    store::Query(tx).use(1).use("dup").run("INSERT INTO qt (id, name) VALUES (:i, :n)");
  }),
               std::exception);
  EXPECT_EQ(rows(t.db()), 1);  // the whole transaction, including id 2, is gone
  // The kept statement still works after the error.
  t.db().write([](store::Tx& tx) { store::Query(tx).use(3).use("c").run("INSERT INTO qt (id, name) VALUES (:i, :n)"); });
  EXPECT_EQ(rows(t.db()), 2);
}

TEST(StoreTx, ConcurrentWritersCommitTogetherAndFailAlone) {
  // On SQLite concurrent writers share one transaction (group commit), each
  // in its own savepoint: a failing writer loses only its own rows and gets
  // its own exception. PostgreSQL runs them as separate transactions; the
  // outcome must be the same.
  TestDb t;
  make_table(t.db());
  std::atomic<int> failed{0}, ok{0};
  concurrent_writers([&](long long id, int i) {
    try {
      t.db().write([&](store::Tx& tx) {
        store::Query(tx).use(id).use("r").run("INSERT INTO qt (id, name) VALUES (:i, :n)");
        if (i % 5 == 0) throw std::invalid_argument("writer " + std::to_string(id) + " fails");
      });
      ++ok;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()), "writer " + std::to_string(id) + " fails");  // its own error
      ++failed;
    }
  });
  EXPECT_EQ(failed.load(), kThreads * kEach / 5);
  EXPECT_EQ(ok.load(), kThreads * kEach - failed.load());
  EXPECT_EQ(rows(t.db()), ok.load());
  t.db().read([&](store::Tx& tx) {
    long long bad = -1;
    store::Query(tx).into(bad).run("SELECT COUNT(*) FROM qt WHERE (id % 1000) IN (0, 5, 10, 15, 20, 25, 30, 35)");
    EXPECT_EQ(bad, 0);  // no row of a failed writer survived
  });
}

TEST(StoreTx, WorkDeferredToCommitRunsOnlyForWritersThatSucceed) {
  // store::at_commit: inside a SQLite group the work runs after every job's
  // savepoint is released; a writer that fails must leave none of it behind,
  // and every writer that succeeds must have all of it.
  TestDb t;
  make_table(t.db());
  t.db().write([](store::Tx& tx) { tx.sql << "CREATE TABLE qd (id BIGINT PRIMARY KEY)"; });
  std::atomic<int> ok{0};
  concurrent_writers([&](long long id, int i) {
    try {
      t.db().write([&](store::Tx& tx) {
        store::Query(tx).use(id).use("r").run("INSERT INTO qt (id, name) VALUES (:i, :n)");
        store::at_commit(tx, [id](store::Tx& t2) { store::Query(t2).use(id).run("INSERT INTO qd (id) VALUES (:i)"); });
        if (i % 4 == 1) throw std::invalid_argument("fails");
      });
      ++ok;
    } catch (const std::invalid_argument&) {
    }
  });
  EXPECT_EQ(ok.load(), kThreads * kEach * 3 / 4);
  t.db().read([&](store::Tx& tx) {
    long long deferred = -1, unmatched = -1;
    store::Query(tx).into(deferred).run("SELECT COUNT(*) FROM qd");
    store::Query(tx).into(unmatched).run(
        "SELECT COUNT(*) FROM qd WHERE NOT EXISTS (SELECT 1 FROM qt WHERE qt.id = qd.id)");
    EXPECT_EQ(deferred, ok.load());
    EXPECT_EQ(unmatched, 0);
  });
}
