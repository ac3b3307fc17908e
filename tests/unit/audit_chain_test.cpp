// The audit chain detects an altered, a removed, a reordered and a
// truncated record, and a chain recomputed without the key, on the backend
// chosen by FUNNEL_TEST_PG; the upgrade re-chains an unkeyed chain once.
#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "core/audit.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"
#include "store/audit_log_repo.hpp"
#include "test_db.hpp"

using namespace funnel;
using funnel::testing::TestDb;

namespace {
// init writes 3 records; add a few more through real use cases.
void seed(TestDb& t) {
  t.app().auth.create_initial_admins(std::string("Init-Pass-2026"));
  app::Client c{"127.0.0.1", "test"};
  for (int i = 0; i < 3; ++i) {
    try {
      t.app().auth.login("admin", "wrong-password", c);
    } catch (const Error&) {
    }
  }
}
}  // namespace

TEST(AuditChain, IntactChainVerifies) {
  TestDb t;
  seed(t);
  auto v = t.app().audit_log.verify_audit();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.checked, 6);
}

TEST(AuditChain, DetectsAlteredRecord) {
  TestDb t;
  seed(t);
  t.db().write([](store::Tx& tx) { tx.sql << "UPDATE audit_log SET detail = '{\"x\":1}' WHERE seq = 4"; });
  auto v = t.app().audit_log.verify_audit();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 4);
  EXPECT_EQ(v.checked, 3);
}

TEST(AuditChain, DetectsAlteredActor) {
  TestDb t;
  seed(t);
  t.db().write([](store::Tx& tx) { tx.sql << "UPDATE audit_log SET ip = '10.0.0.1' WHERE seq = 2"; });
  auto v = t.app().audit_log.verify_audit();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 2);
}

TEST(AuditChain, DetectsRemovedRecord) {
  TestDb t;
  seed(t);
  t.db().write([](store::Tx& tx) { tx.sql << "DELETE FROM audit_log WHERE seq = 3"; });
  auto v = t.app().audit_log.verify_audit();
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
  auto v = t.app().audit_log.verify_audit();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 4);
}

TEST(AuditChain, DetectsRemovedTail) {
  TestDb t;
  seed(t);
  t.db().write([](store::Tx& tx) { tx.sql << "DELETE FROM audit_log WHERE seq = 6"; });
  auto v = t.app().audit_log.verify_audit();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 6);
}

TEST(AuditChain, NewRecordsContinueTheChain) {
  TestDb t;
  seed(t);
  app::Client c{"127.0.0.1", "test"};
  auto res = t.app().auth.login("admin", "Init-Pass-2026", c);
  EXPECT_FALSE(res.token.empty());
  auto v = t.app().audit_log.verify_audit();
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.checked, 7);
}

namespace {
// What an attacker with write access to the database but not the key can do:
// read every record, change some, and recompute the hashes from `from_seq`
// on with `hash_of`, moving the head to match.
void rewrite_chain(TestDb& t, long long from_seq, const std::function<void(core::AuditRecord&)>& change,
                   const std::function<std::string(const std::string&)>& hash_of) {
  t.db().write([&](store::Tx& tx) {
    std::vector<core::AuditRecord> all;
    store::scan_audit(tx, [&](const core::AuditRecord& r) {
      all.push_back(r);
      return true;
    });
    std::string prev;
    for (auto& r : all) {
      if (r.seq >= from_seq) {
        change(r);
        r.prev_hash = prev;
        r.hash = hash_of(core::audit_canonical(r));
        tx.sql << "UPDATE audit_log SET action = :a, detail = :d, prev_hash = :p, hash = :h WHERE seq = :s",
            soci::use(r.action), soci::use(r.detail), soci::use(r.prev_hash), soci::use(r.hash), soci::use(r.seq);
      }
      prev = r.hash;
    }
    store::set_audit_head(tx, all.back().seq, all.back().hash);
  });
}

void make_harmless(core::AuditRecord& r) {
  if (r.seq == 4) {
    r.action = "login";
    r.detail = "{}";
  }
}
}  // namespace

TEST(AuditChain, UnkeyedRewriteFails) {
  TestDb t;
  seed(t);
  rewrite_chain(t, 4, make_harmless, [](const std::string& c) { return crypto::blake2b_hex(c); });
  auto v = t.app().audit_log.verify_audit();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 4);
  EXPECT_EQ(v.checked, 3);
}

TEST(AuditChain, WholeChainUnkeyedRewriteFails) {
  TestDb t;
  seed(t);
  rewrite_chain(t, 1, make_harmless, [](const std::string& c) { return crypto::blake2b_hex(c); });
  auto v = t.app().audit_log.verify_audit();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 1);
}

TEST(AuditChain, RewriteWithAnotherKeyFails) {
  TestDb t;
  seed(t);
  // Another installation's key file: a valid key, but not this chain's.
  auto other_dir = std::filesystem::temp_directory_path() / ("funnel-otherkey-" + crypto::random_token(6));
  crypto::KeyRing::create(other_dir);
  auto other = crypto::KeyRing::load(crypto::default_key_file(other_dir));
  std::filesystem::remove_all(other_dir);
  rewrite_chain(t, 4, make_harmless, [&](const std::string& c) { return other.chain_hash(c); });
  auto v = t.app().audit_log.verify_audit();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 4);
}

TEST(AuditChain, RewriteWithTheKeyVerifies) {
  // The control: the same rewrite with the right key passes, so the tests
  // above fail for the key and nothing else.
  TestDb t;
  seed(t);
  auto keys = crypto::KeyRing::load(crypto::default_key_file(t.dir()));
  rewrite_chain(t, 4, make_harmless, [&](const std::string& c) { return keys.chain_hash(c); });
  auto v = t.app().audit_log.verify_audit();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.checked, 6);
}

TEST(AuditChain, ChainHashIsKeyed) {
  TestDb t;
  seed(t);
  auto keys = crypto::KeyRing::load(crypto::default_key_file(t.dir()));
  t.db().read([&](store::Tx& tx) {
    store::scan_audit(tx, [&](const core::AuditRecord& r) {
      EXPECT_EQ(r.hash, keys.chain_hash(core::audit_canonical(r)));
      EXPECT_NE(r.hash, crypto::blake2b_hex(core::audit_canonical(r)));
      return true;
    });
  });
  EXPECT_TRUE(t.app().audit_log.audit_chain_keyed());
}

namespace {
// Cuts records from `from_seq` on and moves the head back, as an attacker
// without the key can: what is left is an intact, shorter keyed chain.
void truncate_tail(TestDb& t, long long from_seq) {
  t.db().write([&](store::Tx& tx) {
    tx.sql << "DELETE FROM audit_log WHERE seq >= :s", soci::use(from_seq);
    std::string hash;
    long long last = from_seq - 1;
    tx.sql << "SELECT hash FROM audit_log WHERE seq = :s", soci::use(last), soci::into(hash);
    store::set_audit_head(tx, last, hash);
  });
}
}  // namespace

TEST(AuditChain, TruncatedTailNeedsACheckpoint) {
  TestDb t;
  seed(t);
  const auto head = t.app().audit_log.audit_head();  // what the server logs
  ASSERT_EQ(head.last_seq, 6);
  truncate_tail(t, 5);
  // Without an anchor outside the database the shorter chain verifies.
  auto plain = t.app().audit_log.verify_audit();
  EXPECT_TRUE(plain.ok) << plain.reason;
  EXPECT_EQ(plain.checked, 4);
  auto v = t.app().audit_log.verify_audit({{head.last_seq, head.last_hash}});
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 5);
  EXPECT_NE(v.reason.find("checkpoint"), std::string::npos) << v.reason;
}

TEST(AuditChain, CheckpointsMatchOrNameTheRecord) {
  TestDb t;
  seed(t);
  const auto head = t.app().audit_log.audit_head();
  auto ok = t.app().audit_log.verify_audit({{head.last_seq, head.last_hash}});
  EXPECT_TRUE(ok.ok) << ok.reason;
  EXPECT_EQ(ok.head_seq, 6);
  EXPECT_EQ(ok.head_hash, head.last_hash);
  // A checkpoint from another chain (e.g. the database replaced by an older
  // copy that has grown since) names the record.
  auto v = t.app().audit_log.verify_audit({{3, std::string(64, 'a')}});
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 3);
}

// --- the upgrade: a chain written unkeyed before schema 20 -----------------

namespace {
constexpr int kBeforeKeyed = 19;  // the last schema with an unkeyed chain

// Appends records as the previous version did: unkeyed BLAKE2b.
void append_unkeyed(store::Db& db, int n, const std::string& action = "login") {
  db.write([&](store::Tx& tx) {
    for (int i = 0; i < n; ++i) {
      auto head = store::lock_audit_head(tx);
      core::AuditRecord r;
      r.seq = head.last_seq + 1;
      r.at_ms = 1700000000000 + r.seq;
      r.actor_id = 1;
      r.actor_name = "admin";
      r.ip = "127.0.0.1";
      r.action = action;
      r.entity = "session";
      r.entity_id = r.seq;
      r.detail = "{\"n\":" + std::to_string(r.seq) + "}";
      r.prev_hash = head.last_hash;
      r.hash = crypto::blake2b_hex(core::audit_canonical(r));
      store::append_audit(tx, r);
    }
  });
}
}  // namespace

TEST(AuditChain, FreshDatabaseIsKeyed) {
  TestDb t;
  EXPECT_TRUE(t.app().audit_log.audit_chain_keyed());
  auto r = t.app().audit_log.rechain_audit();
  EXPECT_FALSE(r.rechained);
  EXPECT_EQ(r.records, 0);
}

TEST(AuditChain, UpgradeRechainsOnceAndAuditsIt) {
  TestDb t(kBeforeKeyed);
  append_unkeyed(t.db(), 7);
  store::migrate(t.db());
  EXPECT_FALSE(t.app().audit_log.audit_chain_keyed());
  auto before = t.app().audit_log.verify_audit();
  EXPECT_FALSE(before.ok);  // unkeyed hashes do not verify with the key
  EXPECT_EQ(before.first_bad_seq, 1);

  auto r = t.app().audit_log.rechain_audit();
  EXPECT_TRUE(r.rechained);
  EXPECT_EQ(r.records, 7);
  EXPECT_TRUE(t.app().audit_log.audit_chain_keyed());
  auto v = t.app().audit_log.verify_audit();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.checked, 8);
  // The re-chain is the 8th record, with the count; the contents stayed.
  auto rows = t.db().read([](store::Tx& tx) { return store::audit_page(tx, 0, 100); });
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_EQ(rows[7].action, "rechain_audit");
  EXPECT_NE(rows[7].detail.find("\"records\":7"), std::string::npos) << rows[7].detail;
  EXPECT_EQ(rows[6].detail, "{\"n\":7}");

  // Once: a second run changes nothing.
  auto again = t.app().audit_log.rechain_audit();
  EXPECT_FALSE(again.rechained);
  auto rows2 = t.db().read([](store::Tx& tx) { return store::audit_page(tx, 0, 100); });
  ASSERT_EQ(rows2.size(), 8u);
  EXPECT_EQ(rows2[7].hash, rows[7].hash);
  // New records continue the keyed chain.
  app::Client c{"127.0.0.1", "test"};
  try {
    t.app().auth.login("nobody", "wrong-password", c);
  } catch (const Error&) {
  }
  auto after = t.app().audit_log.verify_audit();
  EXPECT_TRUE(after.ok) << after.reason;
  EXPECT_EQ(after.checked, 9);
}

TEST(AuditChain, RechainRefusesABrokenUnkeyedChain) {
  TestDb t(kBeforeKeyed);
  append_unkeyed(t.db(), 5);
  t.db().write([](store::Tx& tx) { tx.sql << "UPDATE audit_log SET detail = '{}' WHERE seq = 3"; });
  store::migrate(t.db());
  try {
    t.app().audit_log.rechain_audit();
    FAIL() << "a broken chain was re-chained";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("record 3"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(t.app().audit_log.audit_chain_keyed());
  auto rows = t.db().read([](store::Tx& tx) { return store::audit_page(tx, 0, 100); });
  ASSERT_EQ(rows.size(), 5u);  // nothing rewritten, nothing appended
  EXPECT_EQ(rows[0].hash, crypto::blake2b_hex(core::audit_canonical(rows[0])));
}

TEST(AuditChain, RechainCrossesPageAndBatchBoundaries) {
  TestDb t(kBeforeKeyed);
  append_unkeyed(t.db(), 5003);  // 5,000 a page, 500 an UPDATE
  store::migrate(t.db());
  auto r = t.app().audit_log.rechain_audit();
  EXPECT_EQ(r.records, 5003);
  auto v = t.app().audit_log.verify_audit();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.checked, 5004);
}

TEST(AuditChain, ClearedKeyedMarkerFails) {
  // The marker cleared to pass for a chain from before schema 20: the
  // verification still uses the key and reports the marker.
  TestDb t;
  seed(t);
  t.db().write([](store::Tx& tx) { tx.sql << "UPDATE audit_head SET keyed = 0"; });
  auto v = t.app().audit_log.verify_audit();
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.reason.find("not yet keyed"), std::string::npos) << v.reason;
  // And the re-chain refuses records that are not an intact unkeyed chain.
  EXPECT_THROW(t.app().audit_log.rechain_audit(), std::runtime_error);
}
