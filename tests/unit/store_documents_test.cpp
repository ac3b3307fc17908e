// Case documents and replaced templates in the store (migration 24): the
// versions of a kind, one version number once, the template upsert, and the
// evidence sweep's predicate counting both as references to their files.
#include <gtest/gtest.h>

#include "store/cases_repo.hpp"
#include "store/documents_repo.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"
#include "store/portal_repo.hpp"
#include "store/users_repo.hpp"
#include "test_db.hpp"

using namespace funnel;
using funnel::testing::TestDb;

namespace {
struct Fixture {
  long long county = 0, user = 0, kase = 0;
};

Fixture build(store::Db& db) {
  return db.write([](store::Tx& tx) {
    Fixture f;
    core::OrgUnit o;
    o.kind = o.category = "county";
    o.name = "县纪委监委";
    o.short_name = "成纪";
    o.division_code = "371723";
    f.county = store::insert_org(tx, o);
    o.id = f.county;
    o.county_id = f.county;
    store::update_org(tx, o);
    core::User u;
    u.username = "doc";
    u.display_name = "制作人";
    u.role = "discipline_room";
    u.data_scope = "unit";
    u.status = "active";
    u.password_hash = "x";
    f.user = store::insert_user(tx, u);
    core::Person p;
    p.county_id = f.county;
    p.name = "被调查人";
    p.unit_name = "单位";
    p.cadre_level = "general_cadre";
    core::Case c;
    c.county_id = f.county;
    c.lead_org_id = c.number_org_id = f.county;
    c.mode = "county_led";
    c.source = "transferred";
    c.person_id = store::upsert_person(tx, p);
    c.cadre_level = "general_cadre";
    c.regime = "party_discipline";
    c.violations = "integrity_discipline";
    c.summary = "事实";
    c.state = "filed";
    c.year = 2026;
    c.requested_by = f.user;
    f.kase = store::insert_case(tx, c);
    return f;
  });
}

store::CaseDocument doc(const Fixture& f, int version, const std::string& digest) {
  store::CaseDocument d;
  d.case_id = f.kase;
  d.kind = "filing_decision";
  d.version = version;
  d.org_id = f.county;
  d.year = 2026;
  d.seq = 1;
  d.number = "成纪立〔2026〕1号";
  d.digest = digest;
  d.size = 10;
  d.generated_by = f.user;
  return d;
}
}  // namespace

TEST(StoreDocuments, VersionsOfAKindAndTheirNumber) {
  TestDb t;
  auto f = build(t.db());
  t.db().write([&](store::Tx& tx) {
    store::insert_case_document(tx, doc(f, 1, "d1"));
    store::insert_case_document(tx, doc(f, 2, "d2"));
    return 0;
  });
  // A version is stored once.
  EXPECT_ANY_THROW(t.db().write([&](store::Tx& tx) { return store::insert_case_document(tx, doc(f, 2, "d3")); }));
  t.db().read([&](store::Tx& tx) {
    auto latest = store::latest_case_document(tx, f.kase, "filing_decision");
    ASSERT_TRUE(latest);
    EXPECT_EQ(latest->version, 2);
    EXPECT_EQ(latest->number, std::optional<std::string>("成纪立〔2026〕1号"));
    EXPECT_EQ(latest->generated_by_name, "制作人");
    EXPECT_FALSE(store::latest_case_document(tx, f.kase, "talk_notice"));
    auto all = store::case_documents_of(tx, f.kase);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].version, 1);
    EXPECT_TRUE(store::find_case_document(tx, f.kase, all[0].id));
    EXPECT_FALSE(store::find_case_document(tx, f.kase + 1, all[0].id));
  });
}

TEST(StoreDocuments, TemplatesAreReplacedInPlace) {
  TestDb t;
  auto f = build(t.db());
  t.db().write([&](store::Tx& tx) {
    store::save_document_template(tx, {"filing_decision", "t1", 100, f.user, 0, ""});
    store::save_document_template(tx, {"filing_decision", "t2", 200, f.user, 0, ""});
    return 0;
  });
  t.db().read([&](store::Tx& tx) {
    auto all = store::document_templates(tx);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].digest, "t2");
    EXPECT_EQ(all[0].size, 200);
    EXPECT_TRUE(store::find_document_template(tx, "filing_decision"));
    EXPECT_FALSE(store::find_document_template(tx, "talk_notice"));
  });
}

TEST(StoreDocuments, TheEvidenceSweepKeepsDocumentAndTemplateFiles) {
  TestDb t;
  auto f = build(t.db());
  t.db().write([&](store::Tx& tx) {
    store::insert_case_document(tx, doc(f, 1, "docdigest"));
    store::save_document_template(tx, {"talk_notice", "tpldigest", 1, f.user, 0, ""});
    return 0;
  });
  t.db().read([&](store::Tx& tx) {
    EXPECT_TRUE(store::evidence_digest_used(tx, "docdigest"));
    EXPECT_TRUE(store::evidence_digest_used(tx, "tpldigest"));
    EXPECT_FALSE(store::evidence_digest_used(tx, "orphan"));
  });
}
