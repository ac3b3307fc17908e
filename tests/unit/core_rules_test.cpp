// Organisation rules, password policy, text and time helpers.
#include <gtest/gtest.h>

#include "core/audit.hpp"
#include "core/error.hpp"
#include "core/org.hpp"
#include "core/password_policy.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

using namespace funnel;
using namespace funnel::core;

namespace {
// The field named by the 422 the validation throws, or "" when it passes.
std::string failing_field(OrgUnitDraft d, std::optional<ParentInfo> parent) {
  try {
    validate_org_unit(d, parent);
    return "";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 422);
    return e.field();
  }
}
const ParentInfo kCounty{OrgKind::County, "371723"};
const ParentInfo kTownship{OrgKind::Township, "371723100"};
OrgUnitDraft county() { return {OrgKind::County, OrgCategory::County, "成武县纪委监委", "成纪", "371723", {}, {}}; }
OrgUnitDraft township() { return {OrgKind::Township, OrgCategory::Town, "汶上镇", "汶上", "371723100", {}, {}}; }
OrgUnitDraft village() { return {OrgKind::Village, OrgCategory::Village, "东村", "东村", "371723100201", {}, {}}; }
OrgUnitDraft room() {
  return {OrgKind::Department, OrgCategory::DisciplineRoom, "第一纪检监察室", "一室", std::nullopt, {}, {}};
}
}  // namespace

TEST(OrgRules, ValidUnitsPass) {
  EXPECT_EQ(failing_field(county(), std::nullopt), "");
  EXPECT_EQ(failing_field(township(), kCounty), "");
  EXPECT_EQ(failing_field(village(), kTownship), "");
  EXPECT_EQ(failing_field(room(), kCounty), "");
}

TEST(OrgRules, ParentKinds) {
  EXPECT_EQ(failing_field(county(), kCounty), "parent_id");
  EXPECT_EQ(failing_field(township(), std::nullopt), "parent_id");
  EXPECT_EQ(failing_field(township(), kTownship), "parent_id");
  EXPECT_EQ(failing_field(village(), kCounty), "parent_id");
  EXPECT_EQ(failing_field(village(), std::nullopt), "parent_id");
  EXPECT_EQ(failing_field(room(), kTownship), "parent_id");
}

TEST(OrgRules, CategoryMustMatchKind) {
  auto d = township();
  d.category = OrgCategory::Village;
  EXPECT_EQ(failing_field(d, kCounty), "category");
  auto r = room();
  r.category = OrgCategory::Town;
  EXPECT_EQ(failing_field(r, kCounty), "category");
}

TEST(OrgRules, DivisionCodes) {
  auto t = township();
  t.division_code = "37172310";  // 8 digits
  EXPECT_EQ(failing_field(t, kCounty), "division_code");
  t.division_code = "37172310a";
  EXPECT_EQ(failing_field(t, kCounty), "division_code");
  t.division_code = "371724100";  // another county's prefix
  EXPECT_EQ(failing_field(t, kCounty), "division_code");
  t.division_code = "371723000";  // the county itself padded
  EXPECT_EQ(failing_field(t, kCounty), "division_code");
  t.division_code.reset();
  EXPECT_EQ(failing_field(t, kCounty), "division_code");
  auto v = village();
  v.division_code = "371723101201";  // another township's prefix
  EXPECT_EQ(failing_field(v, kTownship), "division_code");
  auto r = room();
  r.division_code = "371723";
  EXPECT_EQ(failing_field(r, kCounty), "division_code");
}

TEST(OrgRules, NamesAreTrimmedAndBounded) {
  auto t = township();
  t.name = "  \xE3\x80\x80 ";
  EXPECT_EQ(failing_field(t, kCounty), "name");
  t = township();
  t.short_name = "一二三四五六七八九";  // 9 characters
  EXPECT_EQ(failing_field(t, kCounty), "short_name");
  t.short_name = "一二三四五六七八";
  EXPECT_EQ(failing_field(t, kCounty), "");
}

TEST(OrgRules, TownshipCommitteeDefaults) {
  auto t = township();
  validate_org_unit(t, kCounty);
  EXPECT_EQ(*t.committee_name, "汶上镇纪委");
  EXPECT_EQ(*t.office_name, "汶上镇监察室");
  auto s = township();
  s.category = OrgCategory::Subdistrict;
  s.name = "文亭街道";
  validate_org_unit(s, kCounty);
  EXPECT_EQ(*s.committee_name, "文亭街道纪工委");
  auto v = village();
  v.committee_name = "x";
  EXPECT_EQ(failing_field(v, kTownship), "committee_name");
}

TEST(PasswordPolicy, Rules) {
  EXPECT_TRUE(password_problem("Ab1-", "u").has_value());            // short
  EXPECT_TRUE(password_problem("abcdefgh", "u").has_value());        // one class
  EXPECT_TRUE(password_problem("abcdefg1", "u").has_value());        // two classes
  EXPECT_FALSE(password_problem("abcdef1X", "u").has_value());       // three
  EXPECT_FALSE(password_problem("abcdef1-", "u").has_value());       // three (other)
}

TEST(PasswordPolicy, CountsCharactersNotBytes) {
  // 4 CJK characters + "Ab1" = 7 characters, although 15 bytes.
  EXPECT_FALSE(password_problem("密码很长Ab1x", "u").has_value());
  EXPECT_TRUE(password_problem("密码Ab1", "u").has_value());
}

TEST(PasswordPolicy, NotTheUsername) {
  EXPECT_TRUE(password_problem("Admin_2026", "Admin_2026").has_value());
}

TEST(Usernames, Shape) {
  EXPECT_TRUE(valid_username("admin"));
  EXPECT_TRUE(valid_username("ws_sec2"));
  EXPECT_FALSE(valid_username("ab"));
  EXPECT_FALSE(valid_username("Admin"));
  EXPECT_FALSE(valid_username("1abc"));
  EXPECT_FALSE(valid_username("a-bc"));
  EXPECT_FALSE(valid_username(std::string(33, 'a')));
}

TEST(Text, Utf8Validation) {
  EXPECT_TRUE(valid_utf8("成武县"));
  EXPECT_TRUE(valid_utf8("\xF0\x9F\x98\x80"));
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(valid_utf8("\xE6\x88"));          // truncated
  EXPECT_FALSE(valid_utf8("\xFF"));
  EXPECT_EQ(utf8_length("成武a"), 3u);
}

TEST(Text, Trim) {
  EXPECT_EQ(trim("\xE3\x80\x80 汶上镇 \t"), "汶上镇");
  EXPECT_EQ(trim("   "), "");
}

TEST(Time, IsoAndDates) {
  EXPECT_EQ(iso_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso_utc(1795860993000LL), "2026-11-28T10:16:33Z");
  EXPECT_EQ(*parse_date_ms("2026-11-28"), 1795824000000LL);
  EXPECT_FALSE(parse_date_ms("2026-02-30"));
  EXPECT_FALSE(parse_date_ms("2026-1-3"));
  EXPECT_FALSE(parse_date_ms("abcd-ef-gh"));
}

TEST(AuditCanonical, EveryFieldCounts) {
  AuditRecord r;
  r.seq = 1;
  r.action = "create";
  r.detail = "{}";
  auto base = audit_canonical(r);
  auto changed = [&](auto mutate) {
    AuditRecord c = r;
    mutate(c);
    return audit_canonical(c) != base;
  };
  EXPECT_TRUE(changed([](AuditRecord& c) { c.seq = 2; }));
  EXPECT_TRUE(changed([](AuditRecord& c) { c.at_ms = 5; }));
  EXPECT_TRUE(changed([](AuditRecord& c) { c.actor_id = 5; }));
  EXPECT_TRUE(changed([](AuditRecord& c) { c.actor_name = "x"; }));
  EXPECT_TRUE(changed([](AuditRecord& c) { c.ip = "x"; }));
  EXPECT_TRUE(changed([](AuditRecord& c) { c.action = "x"; }));
  EXPECT_TRUE(changed([](AuditRecord& c) { c.entity = "x"; }));
  EXPECT_TRUE(changed([](AuditRecord& c) { c.entity_id = 5; }));
  EXPECT_TRUE(changed([](AuditRecord& c) { c.detail = "{ }"; }));
  EXPECT_TRUE(changed([](AuditRecord& c) { c.prev_hash = "x"; }));
  // Moving characters between fields must not give the same text.
  AuditRecord a = r, b = r;
  a.actor_name = "ab";
  a.ip = "c";
  b.actor_name = "a";
  b.ip = "bc";
  EXPECT_NE(audit_canonical(a), audit_canonical(b));
}
