// Bulk loading (funnel gen) on the backend chosen by FUNNEL_TEST_PG: rows
// written by BulkTable read back exactly (COPY's escapes on PostgreSQL),
// computed columns, ids drawn by IdSource, and the audit head check of Load.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/error.hpp"
#include "crypto/crypto.hpp"
#include "store/audit_log_repo.hpp"
#include "store/bulk.hpp"
#include "store/load.hpp"
#include "store/petitions_repo.hpp"
#include "store/query.hpp"
#include "test_db.hpp"

using namespace funnel;
using funnel::testing::TestDb;

TEST(StoreBulk, RowsReadBackExactlyWithNullsAndEscapes) {
  TestDb t;
  t.db().write([](store::Tx& tx) {
    tx.sql << "CREATE TABLE bt (id BIGINT PRIMARY KEY, name TEXT, n INTEGER, x DOUBLE PRECISION)";
  });
  const std::vector<std::string> texts = {"制表符\t换行\n回车\r反斜杠\\", "\\N", "", "普通文本", "a\\tb"};
  store::BulkTable b("bt", {"id", "name", "n", "x"});
  for (std::size_t i = 0; i < texts.size(); ++i) b.use(static_cast<long long>(i + 1)).use(texts[i]).use(7).use(0.1);
  b.use(100LL).use(std::optional<std::string>()).use_null().use(std::optional<double>());
  EXPECT_EQ(b.rows(), texts.size() + 1);
  t.db().write([&](store::Tx& tx) { b.write(tx); });
  t.db().read([&](store::Tx& tx) {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      std::string name;
      int n = 0;
      double x = 0;
      store::Query(tx)
          .use(static_cast<long long>(i + 1))
          .into(name)
          .into(n)
          .into(x)
          .run("SELECT name, n, x FROM bt WHERE id = :id");
      EXPECT_EQ(name, texts[i]) << i;
      EXPECT_EQ(n, 7);
      EXPECT_DOUBLE_EQ(x, 0.1);
    }
    std::optional<std::string> name;
    std::optional<int> n;
    store::Query(tx).into(name).into(n).run("SELECT name, n FROM bt WHERE id = 100");
    EXPECT_FALSE(name.has_value()) << "NULL stays NULL, \\N as text stays text";
    EXPECT_FALSE(n.has_value());
  });
}

TEST(StoreBulk, RefusesRowsOfTheWrongWidthAndFailsWithTheDatabase) {
  TestDb t;
  t.db().write([](store::Tx& tx) { tx.sql << "CREATE TABLE bt (id BIGINT PRIMARY KEY, name TEXT NOT NULL)"; });
  store::BulkTable half("bt", {"id", "name"});
  half.use(1LL);
  EXPECT_THROW(t.db().write([&](store::Tx& tx) { half.write(tx); }), std::logic_error);
  // A constraint failure fails the whole write; nothing of it stays.
  store::BulkTable dup("bt", {"id", "name"});
  dup.use(1LL).use("甲").use(1LL).use("乙");
  EXPECT_THROW(t.db().write([&](store::Tx& tx) { dup.write(tx); }), std::exception);
  long long n = -1;
  t.db().read([&](store::Tx& tx) { store::Query(tx).into(n).run("SELECT COUNT(*) FROM bt"); });
  EXPECT_EQ(n, 0);
}

TEST(StoreBulk, ComputedColumnOnPostgresOnly) {
  TestDb t;
  if (t.postgres()) {
    t.db().write([](store::Tx& tx) { tx.sql << "CREATE TABLE bt (id BIGINT PRIMARY KEY, doc tsvector)"; });
    store::BulkTable b("bt", {"id"}, store::BulkTable::Computed{"doc", "to_tsvector('simple', $)"});
    b.use(1LL).use("Alpha beta");
    b.use(2LL).use("gamma");
    t.db().write([&](store::Tx& tx) { b.write(tx); });
    // The staging table is reused, empty: a second batch adds its own rows only.
    store::BulkTable more("bt", {"id"}, store::BulkTable::Computed{"doc", "to_tsvector('simple', $)"});
    more.use(3LL).use("beta delta");
    t.db().write([&](store::Tx& tx) { more.write(tx); });
    long long n = -1, all = -1;
    t.db().read([&](store::Tx& tx) {
      store::Query(tx).into(n).run("SELECT COUNT(*) FROM bt WHERE doc @@ to_tsquery('simple', 'alpha & beta')");
      store::Query(tx).into(all).run("SELECT COUNT(*) FROM bt");
    });
    EXPECT_EQ(n, 1);
    EXPECT_EQ(all, 3);
  } else {
    store::BulkTable b("bt", {"id"}, store::BulkTable::Computed{"doc", "f($)"});
    b.use(1LL).use("x");
    EXPECT_THROW(t.db().write([&](store::Tx& tx) { b.write(tx); }), std::logic_error);
  }
}

TEST(StoreBulk, IdSourceDrawsUnusedIdsAndLeavesTheSequenceAhead) {
  TestDb t;
  store::IdSource ids(t.db(), "org_units");
  std::set<long long> seen;
  long long last = 0;
  for (int i = 0; i < 25000; ++i) {  // more than one PostgreSQL block
    long long id = ids.next();
    EXPECT_GT(id, last);
    last = id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 25000u);
  // Rows inserted with drawn ids, then one the usual way: no collision.
  t.db().write([&](store::Tx& tx) {
    store::BulkTable b("org_units", {"id", "kind", "category", "name", "short_name", "created_at", "updated_at"});
    b.use(last).use("county").use("county").use("甲县").use("甲").use(0LL).use(0LL);
    b.write(tx);
  });
  if (t.postgres()) {
    long long next = 0;
    t.db().write([&](store::Tx& tx) {
      store::Query(tx).into(next).run("SELECT nextval(pg_get_serial_sequence('org_units', 'id'))");
    });
    EXPECT_GT(next, last);
  }
}

TEST(StoreBulk, LoadRefusesAnAuditBatchThatDoesNotContinueTheHead) {
  TestDb t;
  auto record = [](long long seq, const std::string& prev) {
    core::AuditRecord r;
    r.seq = seq;
    r.at_ms = 1;
    r.actor_name = "gen";
    r.action = "login";
    r.entity = "session";
    r.detail = "{}";
    r.prev_hash = prev;
    r.hash = crypto::blake2b_hex(core::audit_canonical(r));
    return r;
  };
  const auto head = t.db().read([](store::Tx& tx) { return store::read_audit_head(tx); });
  {
    store::Load stale(t.db().backend());
    stale.audit(record(head.last_seq + 2, head.last_hash));  // a record missing before it
    EXPECT_THROW(t.db().write([&](store::Tx& tx) { stale.write(tx); }), funnel::Error);
  }
  store::Load ok(t.db().backend());
  auto first = record(head.last_seq + 1, head.last_hash);
  const std::string first_hash = first.hash;
  ok.audit(std::move(first));
  ok.audit(record(head.last_seq + 2, first_hash));
  t.db().write([&](store::Tx& tx) { ok.write(tx); });
  const auto moved = t.db().read([](store::Tx& tx) { return store::read_audit_head(tx); });
  EXPECT_EQ(moved.last_seq, head.last_seq + 2);
}

// The search indexes' merge settings after a bulk load: automerge back on and
// crisismerge 64 (with 16, new segments forced the big merge into one commit
// and registrations stalled for seconds). On PostgreSQL the search index is a
// GIN index with no such settings: the same calls must leave it working.
TEST(StoreBulk, BulkIndexingRestoresTheSearchIndexMergeSettings) {
  TestDb t;
  auto config = [&](const std::string& table) {
    std::map<std::string, std::string> out;
    t.db().read([&](store::Tx& tx) {
      std::string k, v;
      store::Query q(tx);
      q.into(k).into(v).run("SELECT k, CAST(v AS TEXT) FROM " + table + "_config", false);
      while (q.fetch()) out[k] = v;
    });
    return out;
  };
  const bool sqlite = t.db().backend() == store::Backend::Sqlite;
  if (sqlite)
    for (const char* table : {"petition_fts", "petition_band_index"})
      EXPECT_EQ(config(table)["crisismerge"], "64") << table << " after the migrations";
  t.db().write([](store::Tx& tx) { store::begin_bulk_indexing(tx); });
  if (sqlite) EXPECT_EQ(config("petition_fts")["automerge"], "0") << "no merges during the load";
  t.db().write([](store::Tx& tx) { store::end_bulk_indexing(tx); });
  if (sqlite)
    for (const char* table : {"petition_fts", "petition_band_index"}) {
      auto c = config(table);
      EXPECT_EQ(c["crisismerge"], "64") << table;
      EXPECT_EQ(c["automerge"], "4") << table;
      EXPECT_EQ(c["hashsize"], "1048576") << table;
    }
  long long n = -1;
  t.db().read([&](store::Tx& tx) { store::Query(tx).into(n).run("SELECT COUNT(*) FROM petitions"); });
  EXPECT_EQ(n, 0);
}
