// The CJK tokenizer (bigrams + unigrams) and full-text search of petitions on
// the backend chosen by FUNNEL_TEST_PG: 2-character words must be found.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "search/cjk.hpp"
#include "search/minhash.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"
#include "store/users_repo.hpp"
#include "test_db.hpp"

using namespace funnel;
using funnel::testing::TestDb;

TEST(SearchCjk, DocumentTokensAreBigramsWithColocatedUnigrams) {
  auto t = search::document_tokens("扶贫款, ABC12 低");
  std::vector<std::string> text;
  std::vector<int> pos;
  std::vector<bool> col;
  for (auto& x : t) {
    text.push_back(x.text);
    pos.push_back(x.position);
    col.push_back(x.colocated);
  }
  EXPECT_EQ(text, (std::vector<std::string>{"扶贫", "扶", "贫款", "贫", "款", "abc12", "低"}));
  EXPECT_EQ(pos, (std::vector<int>{0, 0, 1, 1, 2, 3, 4}));
  EXPECT_EQ(col, (std::vector<bool>{false, true, false, true, false, false, false}));
  EXPECT_EQ(t[0].begin, 0u);
  EXPECT_EQ(t[0].end, 6u);  // two 3-byte characters
}

TEST(SearchCjk, QueriesArePhrasesOfBigrams) {
  EXPECT_EQ(search::query_groups("宅基地"), (std::vector<std::vector<std::string>>{{"宅基", "基地"}}));
  EXPECT_EQ(search::query_groups("低保"), (std::vector<std::vector<std::string>>{{"低保"}}));
  EXPECT_EQ(search::query_groups("贫 X9"), (std::vector<std::vector<std::string>>{{"贫"}, {"x9"}}));
  EXPECT_TRUE(search::query_groups("，。!?").empty());
  EXPECT_EQ(search::fts5_query("宅基地 低保"), "\"宅基地\" \"低保\"");
  EXPECT_EQ(search::fts5_query("\" OR *"), "\"or\"");  // no way to inject FTS5 syntax
  EXPECT_EQ(search::fts5_query("宅基地 低保", search::fts5_partition(3)),
            "\"\x1F"
            "c3\x1F宅基地\" \"\x1F"
            "c3\x1F低保\"");
  EXPECT_EQ(search::pg_query("宅基地 低保"), "('宅基' <-> '基地') & '低保'");
  EXPECT_EQ(search::pg_query("'; drop"), "'drop'");
  EXPECT_EQ(search::pg_document("扶贫款"), "扶贫 贫款 扶 贫 款");
  // Invalid UTF-8 separates, never crashes.
  EXPECT_EQ(search::query_groups(std::string("扶\xff贫")), (std::vector<std::vector<std::string>>{{"扶"}, {"贫"}}));
}

namespace {
// A registered petition; indexed for search unless `index` is false.
long long petition(store::Tx& tx, long long county, long long user, int seq, const std::string& summary,
                   const std::string& content, const std::string& persons, bool index = true) {
  core::Petition p;
  p.county_id = county;
  p.intake_org_id = county;
  p.number_org_id = county;
  p.year = 2026;
  p.seq = seq;
  p.number = "测信〔2026〕" + std::to_string(1000 + seq) + "号";
  p.channel = "letter";
  p.type = "accusation";
  p.state = "registered";
  p.summary = summary;
  p.content = content;
  p.category = "mass";
  p.received_day = "2026-11-01";
  p.proposed_jurisdiction = p.jurisdiction = "township";
  p.first_handler_id = p.registered_by = user;
  // The columns every schema since version 1 has: these tests insert into
  // an old schema before migrating it.
  long long id = 0;
  tx.sql << "INSERT INTO petitions (county_id, intake_org_id, number_org_id, year, seq, number, channel, type, state, "
            "real_name, summary, content, category, received_day, proposed_jurisdiction, jurisdiction, "
            "first_handler_id, registered_by, created_at, updated_at) VALUES (:c, :c2, :c3, :y, :s, :n, :ch, :t, :st, 0, "
            ":su, :co, :ca, :rd, :pj, :j, :fh, :rb, 0, 0) RETURNING id",
      soci::use(p.county_id), soci::use(p.intake_org_id), soci::use(p.number_org_id), soci::use(p.year),
      soci::use(p.seq), soci::use(p.number), soci::use(p.channel), soci::use(p.type), soci::use(p.state),
      soci::use(p.summary), soci::use(p.content), soci::use(p.category), soci::use(p.received_day),
      soci::use(p.proposed_jurisdiction), soci::use(p.jurisdiction), soci::use(p.first_handler_id),
      soci::use(p.registered_by), soci::into(id);
  if (index) store::index_petition_text(tx, id, p.county_id, summary, content, persons);
  return id;
}
}  // namespace

namespace {
struct County {
  long long id = 0, user = 0;
  core::Scope scope;
};
County make_county(store::Tx& tx, const std::string& name, const std::string& short_name, const std::string& user) {
  County out;
  core::OrgUnit c;
  c.kind = c.category = "county";
  c.name = name;
  c.short_name = short_name;
  out.id = store::insert_org(tx, c);
  c.id = out.id;
  c.county_id = out.id;
  store::update_org(tx, c);
  core::User u;
  u.username = user;
  u.display_name = user;
  u.role = "petition_office";
  u.data_scope = "county";
  u.status = "active";
  u.password_hash = "x";
  out.user = store::insert_user(tx, u);
  out.scope.kind = core::DataScope::County;
  out.scope.county_id = out.id;
  return out;
}
std::vector<long long> bands_of(const search::Signature& s) {
  std::vector<long long> out;
  for (auto b : search::band_keys(s)) out.push_back(b);
  return out;
}
std::vector<long long> ids_of(const std::vector<store::DuplicateCandidate>& cs) {
  std::vector<long long> out;
  for (auto& c : cs) out.push_back(c.id);
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

TEST(StoreSearch, TwoCharacterWordsAreFoundOnThisBackend) {
  TestDb t;
  std::vector<long long> ids;
  core::Scope scope;
  long long user_id = 0;
  t.db().write([&](store::Tx& tx) {
    const County c = make_county(tx, "测试县纪委监委", "测", "search_user");
    const long long county = c.id, user = user_id = c.user;
    ids.push_back(petition(tx, county, user, 1, "反映扶贫资金被截留", "村干部截留扶贫款。", "张三 东关村"));
    ids.push_back(petition(tx, county, user, 2, "低保评定不公", "低保户名单优亲厚友。", "李四 西关村"));
    ids.push_back(petition(tx, county, user, 3, "宅基地审批违规", "违规审批宅基地给亲属。", "王五 南关村"));
    ids.push_back(petition(tx, county, user, 4, "基地建设", "产业基地宅院改造。", "赵六 北关村"));
    scope = c.scope;
  });
  auto find = [&](const std::string& q) {
    store::PetitionFilter f;
    f.q = q;
    std::vector<long long> out;
    t.db().read([&](store::Tx& tx) {
      for (auto& p : store::list_petitions(tx, scope, f, core::Page{1, 50}, nullptr)) out.push_back(p.id);
    });
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(find("扶贫"), (std::vector<long long>{ids[0]}));
  EXPECT_EQ(find("低保"), (std::vector<long long>{ids[1]}));
  // A phrase: 宅基地 is in #3 only; #4 holds 基地 and 宅 but not 宅基地.
  EXPECT_EQ(find("宅基地"), (std::vector<long long>{ids[2]}));
  EXPECT_EQ(find("基地"), (std::vector<long long>{ids[2], ids[3]}));
  EXPECT_EQ(find("李四"), (std::vector<long long>{ids[1]}));  // reported persons
  EXPECT_EQ(find("扶贫 张三"), (std::vector<long long>{ids[0]}));
  EXPECT_EQ(find("扶贫 李四"), (std::vector<long long>{}));
  EXPECT_EQ(find("1003"), (std::vector<long long>{ids[2]}));  // number substring
  EXPECT_EQ(find("\" OR 1=1 --"), (std::vector<long long>{}));
  // Outside the scope nothing is found.
  core::Scope other = scope;
  other.county_id = scope.county_id + 999;
  store::PetitionFilter f;
  f.q = "扶贫";
  t.db().read([&](store::Tx& tx) { EXPECT_TRUE(store::list_petitions(tx, other, f, core::Page{1, 50}, nullptr).empty()); });

  // The same words in another county: each county finds its own, an
  // unrestricted scope finds both.
  long long second = 0, second_county = 0;
  t.db().write([&](store::Tx& tx) {
    const County other_county = make_county(tx, "另一县纪委监委", "另", "search_user2");
    second_county = other_county.id;
    second = petition(tx, second_county, user_id, 9, "反映扶贫资金被截留", "村干部截留扶贫款。", "张三 东关村");
  });
  EXPECT_EQ(find("扶贫 张三"), (std::vector<long long>{ids[0]}));
  core::Scope all;
  all.unrestricted = true;
  t.db().read([&](store::Tx& tx) {
    std::vector<long long> got;
    for (auto& p : store::list_petitions(tx, all, f, core::Page{1, 50}, nullptr)) got.push_back(p.id);
    EXPECT_EQ(got, (std::vector<long long>{second, ids[0]}));  // newest first
    core::Scope theirs = scope;
    theirs.county_id = second_county;
    got.clear();
    for (auto& p : store::list_petitions(tx, theirs, f, core::Page{1, 50}, nullptr)) got.push_back(p.id);
    EXPECT_EQ(got, (std::vector<long long>{second}));
  });
}

// Rows indexed before migration 11 (no county partition, the county as a
// "zc" word among the persons) are found after it, in their county only.
TEST(StoreSearch, TextIndexedBeforeMigration11IsFoundAfterIt) {
  TestDb t(10);
  County a, b;
  long long pa = 0, pb = 0;
  t.db().write([&](store::Tx& tx) {
    a = make_county(tx, "甲县纪委监委", "甲", "fts_a");
    b = make_county(tx, "乙县纪委监委", "乙", "fts_b");
    for (auto* c : {&a, &b}) {
      const std::string summary = "宅基地审批违规", content = "违规审批宅基地给亲属。";
      const long long id = petition(tx, c->id, c->user, c == &a ? 1 : 2, summary, content, "", false);
      (c == &a ? pa : pb) = id;
      if (!t.postgres()) {
        // Version 10's row: plain columns, the county token among the persons.
        const std::string persons = "王五 南关村 zc" + std::to_string(c->id);
        tx.sql << "INSERT INTO petition_fts (rowid, summary, content, persons) VALUES (:i, :s, :c, :p)", soci::use(id),
            soci::use(summary), soci::use(content), soci::use(persons);
      } else {
        store::index_petition_text(tx, id, c->id, summary, content, "王五 南关村");
      }
    }
  });
  store::migrate(t.db());
  auto find = [&](const core::Scope& scope, const std::string& q) {
    store::PetitionFilter f;
    f.q = q;
    std::vector<long long> out;
    t.db().read([&](store::Tx& tx) {
      for (auto& p : store::list_petitions(tx, scope, f, core::Page{1, 50}, nullptr)) out.push_back(p.id);
    });
    return out;
  };
  EXPECT_EQ(find(a.scope, "宅基地"), (std::vector<long long>{pa}));
  EXPECT_EQ(find(b.scope, "宅基地"), (std::vector<long long>{pb}));
  EXPECT_EQ(find(a.scope, "王五"), (std::vector<long long>{pa}));
  // SQLite's county word is gone (PostgreSQL keeps its token: its scoped
  // searches AND it in).
  if (!t.postgres()) EXPECT_TRUE(find(a.scope, "zc" + std::to_string(a.id)).empty());
}

// Band keys written before migration 10 (rows of petition_band_keys) are
// found after it as well as new ones, per county, and never across counties.
TEST(StoreDuplicates, BandIndexFindsCandidatesPerCountyAcrossMigration10) {
  TestDb t(9);
  const std::string text = "反映东关社区主任王守田在2025年低保评定中优亲厚友，截留困难群众低保金，请求查处。";
  const auto sig = search::minhash(text);
  County a, b;
  long long old_a = 0, old_b = 0;
  t.db().write([&](store::Tx& tx) {
    a = make_county(tx, "甲县纪委监委", "甲", "dup_a");
    b = make_county(tx, "乙县纪委监委", "乙", "dup_b");
    old_a = petition(tx, a.id, a.user, 1, "低保评定不公", text, "王守田");
    old_b = petition(tx, b.id, b.user, 2, "低保评定不公", text, "王守田");
    // Version 9's layout: one row per band.
    const std::string encoded = search::encode(sig);
    const auto bands = bands_of(sig);
    for (auto [id, county] : {std::pair{old_a, a.id}, std::pair{old_b, b.id}}) {
      tx.sql << "INSERT INTO petition_signatures (petition_id, signature) VALUES (:i, :s)", soci::use(id),
          soci::use(encoded);
      for (long long band : std::set<long long>(bands.begin(), bands.end()))
        tx.sql << "INSERT INTO petition_band_keys (county_id, band_key, petition_id) VALUES (:c, :b, :i)",
            soci::use(county), soci::use(band), soci::use(id);
    }
  });
  // Versions may leave gaps (branches take numbers ahead): all of them ran.
  ASSERT_GT(store::migrate(t.db()), 0);
  ASSERT_EQ(store::schema_version(t.db()), store::latest_schema_version());

  long long new_a = 0;
  t.db().write([&](store::Tx& tx) {
    new_a = petition(tx, a.id, a.user, 3, "低保评定不公", text + "！", "王守田");
    store::index_petition_signature(tx, new_a, a.id, search::encode(sig), bands_of(sig));
  });
  const auto unrelated = search::minhash("举报某镇财政所长违规报销差旅费，并用公款购买烟酒送礼。");
  t.db().read([&](store::Tx& tx) {
    EXPECT_EQ(ids_of(store::band_candidates(tx, a.scope, bands_of(sig), 0, 50)),
              (std::vector<long long>{old_a, new_a}));
    EXPECT_EQ(ids_of(store::band_candidates(tx, a.scope, bands_of(sig), new_a, 50)), (std::vector<long long>{old_a}));
    EXPECT_EQ(ids_of(store::band_candidates(tx, b.scope, bands_of(sig), 0, 50)), (std::vector<long long>{old_b}));
    EXPECT_TRUE(store::band_candidates(tx, a.scope, bands_of(unrelated), 0, 50).empty());
    EXPECT_EQ(store::band_candidates(tx, a.scope, bands_of(sig), 0, 50).front().signature, search::encode(sig));
  });
}

TEST(SearchMinHash, NearDuplicatesScoreHighAndShareABand) {
  const std::string a = "反映东关社区主任王守田在2025年低保评定中优亲厚友，截留困难群众低保金，请求查处。";
  const std::string b = "反映东关社区主任王守田在2025年低保评定中优亲厚友，截留困难群众低保金，请求依法查处！";
  const std::string c = "举报某镇财政所长违规报销差旅费，并用公款购买烟酒送礼。";
  auto sa = search::minhash(a), sb = search::minhash(b), sc = search::minhash(c);
  ASSERT_EQ(sa.size(), static_cast<std::size_t>(search::kMinHashes));
  EXPECT_EQ(search::similarity(sa, search::minhash(a)), 1.0);
  EXPECT_GE(search::similarity(sa, sb), 0.7);
  EXPECT_LT(search::similarity(sa, sc), 0.2);
  // Punctuation and spacing do not matter.
  EXPECT_EQ(search::similarity(sa, search::minhash("反映 东关社区主任王守田在2025年低保评定中优亲厚友 截留困难群众低保金 请求查处")), 1.0);
  auto ka = search::band_keys(sa), kb = search::band_keys(sb), kc = search::band_keys(sc);
  ASSERT_EQ(ka.size(), static_cast<std::size_t>(search::kBands));
  int shared = 0, shared_c = 0;
  for (std::size_t i = 0; i < ka.size(); ++i) {
    shared += ka[i] == kb[i];
    shared_c += ka[i] == kc[i];
  }
  EXPECT_GE(shared, 1);
  EXPECT_EQ(shared_c, 0);
  EXPECT_EQ(search::decode(search::encode(sa)), sa);
  EXPECT_TRUE(search::decode("xyz").empty());
  // The encoded comparison agrees with the decoded one.
  const auto sb2 = search::minhash("反映东关社区主任在低保评定中优亲厚友，截留低保金");
  EXPECT_DOUBLE_EQ(search::similarity_encoded(search::encode(sa), search::encode(sb2)), search::similarity(sa, sb2));
  EXPECT_DOUBLE_EQ(search::similarity_encoded(search::encode(sa), search::encode(sa)), 1.0);
  EXPECT_EQ(search::similarity_encoded(search::encode(sa), ""), 0.0);
  EXPECT_EQ(search::similarity_encoded("", ""), 0.0);
  EXPECT_TRUE(search::minhash("，。！").empty());
  EXPECT_EQ(search::minhash("低保").size(), static_cast<std::size_t>(search::kMinHashes));  // shorter than a shingle
}

TEST(SearchMinHash, PairsFromHalfSimilarShareABand) {
  // A rewrite that keeps about 60 % of the shingles must still be a candidate.
  const std::string a = "反映汶上村会计孙某某长期挪用村集体土地流转收入，账目不公开，群众多次要求公示未果。";
  const std::string b = "反映汶上村会计孙某某挪用村集体土地流转收入，账目从不公开，群众多次要求公示一直没有结果。";
  auto sa = search::minhash(a), sb = search::minhash(b);
  double sim = search::similarity(sa, sb);
  EXPECT_GE(sim, 0.4);
  EXPECT_LE(sim, 0.8);
  auto ka = search::band_keys(sa), kb = search::band_keys(sb);
  int shared = 0;
  for (std::size_t i = 0; i < ka.size(); ++i) shared += ka[i] == kb[i];
  EXPECT_GE(shared, 1) << "similarity " << sim;
}
