// The audit chain detects an altered, a removed, a reordered and a
// truncated record, on the backend chosen by FUNNEL_TEST_PG.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "test_db.hpp"

using namespace funnel;
using funnel::testing::TestDb;

namespace {
// init writes 3 records; add a few more through real use cases.
void seed(TestDb& t) {
  t.app().create_initial_admins(std::string("Init-Pass-2026"));
  app::Client c{"127.0.0.1", "test"};
  for (int i = 0; i < 3; ++i) {
    try {
      t.app().login("admin", "wrong-password", c);
    } catch (const Error&) {
    }
  }
}
}  // namespace

TEST(AuditChain, IntactChainVerifies) {
  TestDb t;
  seed(t);
  auto v = t.app().verify_audit();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.checked, 6);
}

TEST(AuditChain, DetectsAlteredRecord) {
  TestDb t;
  seed(t);
  t.db().write([](store::Tx& tx) { tx.sql << "UPDATE audit_log SET detail = '{\"x\":1}' WHERE seq = 4"; });
  auto v = t.app().verify_audit();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 4);
  EXPECT_EQ(v.checked, 3);
}

TEST(AuditChain, DetectsAlteredActor) {
  TestDb t;
  seed(t);
  t.db().write([](store::Tx& tx) { tx.sql << "UPDATE audit_log SET ip = '10.0.0.1' WHERE seq = 2"; });
  auto v = t.app().verify_audit();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 2);
}

TEST(AuditChain, DetectsRemovedRecord) {
  TestDb t;
  seed(t);
  t.db().write([](store::Tx& tx) { tx.sql << "DELETE FROM audit_log WHERE seq = 3"; });
  auto v = t.app().verify_audit();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 3);
}

TEST(AuditChain, DetectsReorderedRecords) {
  TestDb t;
  seed(t);
  // Swap records 4 and 5 with their hashes: each row is self-consistent
  // but the links no longer match.
  t.db().write([](store::Tx& tx) {
    tx.sql << "UPDATE audit_log SET seq = -5 WHERE seq = 5";
    tx.sql << "UPDATE audit_log SET seq = 5 WHERE seq = 4";
    tx.sql << "UPDATE audit_log SET seq = 4 WHERE seq = -5";
  });
  auto v = t.app().verify_audit();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 4);
}

TEST(AuditChain, DetectsRemovedTail) {
  TestDb t;
  seed(t);
  t.db().write([](store::Tx& tx) { tx.sql << "DELETE FROM audit_log WHERE seq = 6"; });
  auto v = t.app().verify_audit();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 6);
}

TEST(AuditChain, NewRecordsContinueTheChain) {
  TestDb t;
  seed(t);
  app::Client c{"127.0.0.1", "test"};
  auto res = t.app().login("admin", "Init-Pass-2026", c);
  EXPECT_FALSE(res.token.empty());
  auto v = t.app().verify_audit();
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.checked, 7);
}
